import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** The one error format: every field (or subject) with its messages, and the request's id. */
@ApiSchema({ name: 'GenericErrorModel' })
export class ErrorBody {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { title: ["can't be blank"] },
  })
  errors: Record<string, string[]>;

  @ApiProperty({
    description: 'The X-Request-Id of the request, to quote when reporting a problem',
    example: '1c3f3236-9e9c-4704-9bea-72993e33c770',
  })
  requestId: string;
}

import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'TagsResponse' })
export class TagsResponse {
  @ApiProperty({ type: [String], example: ['dragons', 'training'] })
  tags: string[];
}

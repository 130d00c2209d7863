import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MinLength, ValidateNested } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { createValidationPipe } from './validation.pipe';

class Inner {
  @MinLength(8, { message: 'is too short' })
  @IsString({ message: 'is invalid' })
  @IsNotEmpty({ message: "can't be blank" })
  password: string;
}

class Outer {
  @ValidateNested()
  @Type(() => Inner)
  @IsObject({ message: "can't be blank" })
  user: Inner;
}

async function errorsFor(body: unknown): Promise<unknown> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Outer });
  } catch (error) {
    if (error instanceof DomainError && error.detail.kind === 'invalid') return error.detail.fields;
    throw error;
  }
  return undefined;
}

describe('the validation pipe', () => {
  it('reports nested fields by their own name, first failure only', async () => {
    expect(await errorsFor({ user: { password: '' } })).toEqual({ password: ["can't be blank"] });
    expect(await errorsFor({ user: { password: 42 } })).toEqual({ password: ['is invalid'] });
    expect(await errorsFor({ user: { password: 'short' } })).toEqual({
      password: ['is too short'],
    });
  });

  it('reports a missing wrapper object by its name', async () => {
    expect(await errorsFor({})).toEqual({ user: ["can't be blank"] });
    expect(await errorsFor(undefined)).toEqual({ user: ["can't be blank"] });
  });

  it('passes valid input', async () => {
    const result: unknown = await createValidationPipe().transform(
      { user: { password: 'long enough' } },
      { type: 'body', metatype: Outer },
    );
    expect(result).toEqual({ user: { password: 'long enough' } });
  });

  it('refuses unknown properties, nested or not, by name', async () => {
    expect(await errorsFor({ user: { password: 'long enough', admin: true }, extra: 1 })).toEqual({
      admin: ['is not allowed'],
      extra: ['is not allowed'],
    });
  });
});

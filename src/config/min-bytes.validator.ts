import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A string of at least `minimum` bytes in UTF-8 (a secret's strength is in bytes, not characters). */
export function MinBytes(minimum: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'minBytes',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [minimum],
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && Buffer.byteLength(value, 'utf8') >= minimum,
      },
    });
  };
}

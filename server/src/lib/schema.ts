import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

/** A JSON schema for the OpenAPI document, derived from a DTO class (documentation only). */
export function schemaOf(cls: ClassConstructor<object>): Record<string, unknown> {
  return targetConstructorToSchema(cls, { classValidatorMetadataStorage: getMetadataStorage() }) as Record<
    string,
    unknown
  >;
}

export function arraySchemaOf(cls: ClassConstructor<object>, maxItems: number): Record<string, unknown> {
  return { type: 'array', minItems: 1, maxItems, items: schemaOf(cls) };
}

export const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 64 } },
  required: ['idempotency-key'],
};

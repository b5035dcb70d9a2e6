import type { ClassConstructor } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';

type Schema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';
const options = () => ({
  classValidatorMetadataStorage: getMetadataStorage(),
  // Nested DTOs (@Type) are named through class-transformer's metadata, then inlined below.
  classTransformerMetadataStorage: defaultMetadataStorage,
  refPointerPrefix: REF_PREFIX,
  additionalConverters: {
    // Money: an integer number of fen within the decorator's bounds.
    isFen: (meta: { constraints: number[] }) => ({
      type: 'integer' as const,
      minimum: meta.constraints[0],
      maximum: meta.constraints[1],
    }),
  },
});

/** A JSON schema for the OpenAPI document, derived from a DTO class (documentation only). */
export function schemaOf(cls: ClassConstructor<object>): Schema {
  const opts = options();
  const named = validationMetadatasToSchemas(opts) as Record<string, Schema>;
  return inline(targetConstructorToSchema(cls, opts) as Schema, named);
}

/** Replaces `$ref`s to nested DTOs with their schemas, so that each route's schema stands alone. */
function inline(node: unknown, named: Record<string, Schema>): Schema {
  if (Array.isArray(node)) return node.map((n) => inline(n, named)) as unknown as Schema;
  if (!node || typeof node !== 'object') return node as Schema;
  const ref = (node as Schema).$ref;
  if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
    const target = named[ref.slice(REF_PREFIX.length)];
    if (target) return inline(target, named);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, named)]));
}

export function arraySchemaOf(cls: ClassConstructor<object>, maxItems: number): Schema {
  return { type: 'array', minItems: 1, maxItems, items: schemaOf(cls) };
}

export const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 64 } },
  required: ['idempotency-key'],
};

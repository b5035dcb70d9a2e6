import type { TestApp } from './app';

/** The subset of JSON Schema the DTOs produce (lib/schema.ts via class-validator-jsonschema). */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  $ref?: string;
}

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** One operation of the published document: what a sweep or a fuzz needs to call it. */
export interface OpenApiRoute {
  method: HttpMethod;
  /** As published, with `{param}` placeholders: `/api/v1/orders/{id}`. */
  path: string;
  /** `POST /api/v1/orders/{id}/pay`. */
  key: string;
  pathParams: string[];
  parameters: OpenApiParameter[];
  /** The JSON request body's schema, when the route documents one. */
  body: JsonSchema | null;
  /** Security scheme names: `user`, `admin`, `institution`; empty for public routes. */
  security: string[];
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Array<Record<string, unknown>>;
}

/**
 * Every operation of the OpenAPI document the app serves at /api/docs/json, so that tests walking
 * "every route" pick up new routes without being edited.
 */
export async function openApiRoutes(t: TestApp): Promise<OpenApiRoute[]> {
  const res = await t.http.get('/api/docs/json');
  if (res.status !== 200) throw new Error(`/api/docs/json answered ${res.status}`);
  const doc = res.body as { paths: Record<string, Record<string, OpenApiOperation>> };
  const routes: OpenApiRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      routes.push({
        method: method as HttpMethod,
        path,
        key: `${method.toUpperCase()} ${path}`,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        security: (op.security ?? []).flatMap((s) => Object.keys(s)),
      });
    }
  }
  return routes;
}

/** The URL of a route with its `{param}` placeholders filled (URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for {${name}} of ${path}`);
    return encodeURIComponent(values[name]);
  });
}

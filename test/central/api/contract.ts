/**
 * Validates responses against central/openapi.yaml: the YAML is parsed once
 * and added to Ajv (JSON Schema 2020-12, what OpenAPI 3.1 uses) as one
 * schema; a response is checked against the schema its operation declares
 * for its status and media type.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import type { HttpsResult } from '../server/https-client.ts';

type Json = Record<string, unknown>;
export const openapi = parse(readFileSync(new URL('../../../central/openapi.yaml', import.meta.url), 'utf8')) as Json;

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(openapi, 'openapi');

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function resolve(node: Json): { node: Json; ref: string | null } {
  const ref = node.$ref;
  if (typeof ref !== 'string') return { node, ref: null };
  let target: unknown = openapi;
  for (const part of ref.slice(2).split('/')) target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return { node: target as Json, ref: ref.slice(1) };
}

/** Throws unless `response` is what openapi.yaml promises for `method path` (path as the template, e.g. /v1/activation-codes). */
export function assertMatchesContract(method: string, path: string, response: HttpsResult): void {
  const operation = ((openapi.paths as Json)[path] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
  if (!operation) throw new Error(`openapi.yaml has no ${method} ${path}`);
  const declared = (operation.responses as Json)[String(response.status)] as Json | undefined;
  if (!declared) throw new Error(`openapi.yaml declares no ${response.status} for ${method} ${path}: ${response.text.slice(0, 300)}`);
  const { node, ref } = resolve(declared);
  const base = ref ?? `/paths/${pointer(path, method.toLowerCase(), 'responses', String(response.status))}`;
  const mediaType = String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  const content = node.content as Json | undefined;
  if (!content?.[mediaType]) throw new Error(`${method} ${path} ${response.status}: undeclared content type ${mediaType}`);
  if (mediaType !== 'application/json' && mediaType !== 'application/problem+json') return;
  const validate = ajv.compile({ $ref: `openapi#${base}/${pointer('content', mediaType, 'schema')}` });
  if (!validate(response.json))
    throw new Error(`${method} ${path} ${response.status} does not match openapi.yaml: ${ajv.errorsText(validate.errors)}\n${response.text}`);
}

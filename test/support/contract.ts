import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type Schema = Record<string, unknown>;
type MediaMap = Record<string, { schema?: Schema }>;
type Responses = Record<string, { content?: MediaMap }>;

/**
 * Every object schema closed (`additionalProperties: false`) unless it says otherwise: a field the
 * server sends that the document does not declare (a DTO field removed, a new field not documented)
 * is a violation, not silently accepted.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'example' || k === 'examples' ? v : closeObjects(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // OpenAPI 3.0's `nullable` in JSON Schema terms (ajv ignores it beside `$ref`/`allOf`, and beside `enum`
  // it would need null listed).
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export const JSON_TYPE = 'application/json';

/** The JSON schema the document declares for (method, path template, status), or undefined. */
export function declaredSchema(doc: OpenAPIObject, method: string, path: string, status: number): Schema | undefined {
  const op = (doc.paths[path] as Record<string, { responses: Responses }> | undefined)?.[method.toLowerCase()];
  const responses = op?.responses;
  if (!responses) return undefined;
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  return response?.content?.[JSON_TYPE]?.schema;
}

/**
 * Checks the JSON answers of the real app against the OpenAPI document it serves (ajv over the
 * document's components), as they happen: installed on every test app by `startTestApp`, so every
 * operation an e2e test calls is checked, in every test file. An answer whose operation declares no
 * JSON schema for its status is counted as undocumented.
 */
export class ResponseContract {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  readonly violations: string[] = [];
  readonly undocumented = new Set<string>();

  constructor(private readonly doc: OpenAPIObject) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: closeObjects(doc.components ?? {}) });
  }

  /** The violation for one answer, or null when the body fits the declared schema. */
  check(method: string, path: string, status: number, body: unknown): string | null {
    const schema = declaredSchema(this.doc, method, path, status);
    const key = `${method.toUpperCase()} ${path} ${status}`;
    if (!schema) {
      this.undocumented.add(key);
      return null;
    }
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(
        closeObjects(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"openapi#/components'))) as Schema,
      );
      this.validators.set(key, validate);
    }
    // The body as a client receives it (dates as strings, undefined fields gone).
    if (validate(JSON.parse(JSON.stringify(body ?? null)))) return null;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
    return `${key}: ${errors.join('; ')}`;
  }

  /** Express middleware recording every JSON answer of a matched route. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        const route = (req.route as { path?: string } | undefined)?.path;
        if (typeof route === 'string') {
          const path = route.replace(/:(\w+)/g, '{$1}');
          const violation = this.check(req.method, path, res.statusCode, body);
          if (violation) this.violations.push(violation);
        }
        return json(body);
      };
      next();
    };
  }
}

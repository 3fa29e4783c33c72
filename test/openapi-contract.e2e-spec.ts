import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ADMIN, startTestApp, type TestApp } from './support/test-app.js';
import { declaredSchema, JSON_TYPE } from './support/contract.js';

type Media = Record<string, { schema?: { $ref?: string; type?: string; format?: string; items?: { $ref?: string } } }>;
type Operation = { responses: Record<string, { content?: Media }> };

const BINARY_TYPES = /^(application\/vnd\.openxmlformats|text\/csv|application\/octet-stream|application\/pdf)/;

/** `METHOD path` of every operation in the document. */
function operations(doc: OpenAPIObject): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/** A named schema, or a list of them; a binary download; or 204. `{type: 'object'}` says nothing. */
function typedSuccess(op: Operation): boolean {
  return Object.entries(op.responses).some(([status, response]) => {
    if (!status.startsWith('2')) return false;
    if (status === '204') return true;
    const content = response.content ?? {};
    if (Object.keys(content).some((type) => BINARY_TYPES.test(type))) return true;
    const schema = content[JSON_TYPE]?.schema;
    return Boolean(schema?.$ref ?? schema?.items?.$ref);
  });
}

describe('the OpenAPI document is the contract the server keeps', () => {
  let t: TestApp;
  let served: OpenAPIObject;

  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.http().get('/api/docs-json').expect(200)).body as OpenAPIObject;
  });
  afterAll(async () => {
    await t.close();
  });

  it('the committed openapi/openapi.json is the document the server serves (run `npm run openapi`)', () => {
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as OpenAPIObject;
    expect(served).toEqual(committed);
  });

  it('every operation declares a typed 2xx answer: a named schema, a binary type, or 204', () => {
    const untyped = operations(served)
      .filter(([, op]) => !typedSuccess(op))
      .map(([name]) => name);
    expect(untyped).toEqual([]);
  });

  it('every 4xx answer is the shared ErrorResponse', () => {
    const wrong = operations(served).flatMap(([name, op]) =>
      Object.entries(op.responses)
        .filter(([status, r]) => status.startsWith('4') && r.content?.[JSON_TYPE]?.schema?.$ref !== '#/components/schemas/ErrorResponseDto')
        .map(([status]) => `${name} ${status}`),
    );
    expect(wrong).toEqual([]);
  });

  it('answers are checked against their schema: an undeclared field or a missing required one is a violation', async () => {
    const token = await t.login(ADMIN.username, ADMIN.password);
    const me = (await t.as(token).get('/api/v1/auth/me').expect(200)).body as Record<string, unknown>;
    expect(declaredSchema(served, 'GET', '/api/v1/auth/me', 200)).toBeDefined();
    expect(t.contract.check('GET', '/api/v1/auth/me', 200, me)).toBeNull();
    expect(t.contract.check('GET', '/api/v1/auth/me', 200, { ...me, passwordHash: 'x' })).toMatch(/passwordHash/);
    const { username: _dropped, ...withoutUsername } = me;
    expect(t.contract.check('GET', '/api/v1/auth/me', 200, withoutUsername)).toMatch(/username/);
    // Errors too: a 404 body must be the ErrorResponse.
    expect(
      t.contract.check('GET', '/api/v1/units/{id}', 404, { statusCode: 404, code: 'NOT_FOUND', message: '单位不存在或无权访问' }),
    ).toBeNull();
    expect(t.contract.check('GET', '/api/v1/units/{id}', 404, { statusCode: 404, message: '单位不存在或无权访问' })).toMatch(/code/);
    // The answers of this file so far fitted the document.
    expect(t.contract.violations).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type request from 'supertest';
import { seedOrg, type Org } from './support/org.js';
import { createRound, importFixturePlan, type ImportedPlan, type Round } from './support/plan.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Hostile input against EVERY operation of the OpenAPI document, as several roles: empty bodies,
 * wrong JSON types for each declared property, unknown fields, huge strings, impossible dates,
 * overflowing numbers, SQL-ish strings, non-UUID ids, bad query strings, malformed JSON, wrong
 * content types, multipart where JSON is expected and JSON where multipart is expected.
 *
 * Asserted for every response: never 5xx; every 4xx has `{statusCode, code, message}` with a
 * non-empty message; and after every mutating request that was refused (4xx) the database
 * fingerprint (row count of every table + max audit id) is unchanged.
 *
 * Deterministic: the mutations come from a seeded PRNG; the whole plan is fixed by the seed.
 */

jest.setTimeout(180_000);

const SEED = 20260615;
const RANDOM_UUID = '6f1c9a52-3b7e-4d0a-9c1e-2a5b8d7e4f10';
const NOT_UUID = "not-a-uuid'--";
/** 100k characters: past every MaxLength yet under the JSON body limit, so the DTO (not the body parser) must refuse it. */
const HUGE = 'x'.repeat(100_000);
/** Past the body parser's limit: a 413 in the house shape. */
const HUGE_CJK = '整'.repeat(100_000);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  example?: unknown;
  nullable?: boolean;
}

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: { name: string; in: string; schema?: Schema }[];
  body?: { multipart: boolean; schema?: Schema };
}

interface Outcome {
  label: string;
  status: number;
  body: unknown;
}

/**
 * Logout ends every token of its caller, the very tokens the rest of this run speaks with (every
 * later request would be a 401); test/auth-sessions.e2e-spec.ts covers it.
 */
const DOC_PATHS_SKIPPED = new Set<string>(['/api/v1/auth/logout']);

describe('robustness: hostile input never yields 5xx, always the error shape, and writes nothing', () => {
  let t: TestApp;
  let org: Org;
  let plan: ImportedPlan;
  let round: Round;
  let doc: { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, Schema> } };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-15T02:00:00Z' });
    org = await seedOrg(t);
    const office = t.as(org.users.office.token);
    plan = await importFixturePlan(t, org.users.office.token);
    round = await createRound(t, org.users.office.token, plan.planId, [[org.units.a], [org.units.b], [org.units.a1]]);
    const finding = async (unitId: string, groupId: string, batchId: string) => {
      const res = await office.post('/api/v1/findings').send({
        inspectionId: round.roundId,
        unitId,
        groupId,
        batchId,
        category: '中央八项规定精神',
        description: '公务用车管理不规范',
        measureIds: [plan.measuresByNumber[46]],
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const item = async (findingId: string, unitId: string, ownerId?: string) => {
      const res = await office.post('/api/v1/items').send({
        findingId,
        title: '规范公务用车管理',
        responsibleUnitId: unitId,
        ownerId,
        deadline: '2026-06-30',
        rectificationType: 'time_limited',
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const findingA = await finding(org.units.a, round.groupIds[0], round.batchIds[0]);
    const findingB = await finding(org.units.b, round.groupIds[1], round.batchIds[1]);
    const itemA = await item(findingA, org.units.a, org.users.staffA.id);
    await item(findingB, org.units.b);
    const staffA = t.as(org.users.staffA.token);
    expect((await staffA.post(`/api/v1/items/${itemA}/progress`).send({ note: '已开始', percent: 10 })).status).toBe(201);
    const ev = await staffA
      .post(`/api/v1/items/${itemA}/evidence`)
      .attach('file', PDF, { filename: '佐证.pdf', contentType: 'application/pdf' });
    expect(ev.status).toBe(201);
    const ext = await staffA.post(`/api/v1/items/${itemA}/extensions`).send({ newDeadline: '2026-09-30', reason: '需待上级批复' });
    expect(ext.status).toBe(201);
    const cats = await office.get('/api/v1/finding-categories');
    Object.assign(ids, {
      items: itemA,
      findings: findingA,
      inspections: round.roundId,
      plans: plan.planId,
      units: org.units.a,
      users: org.users.staffA.id,
      evidence: ev.body.id,
      extensions: ext.body.id,
      'finding-categories': (cats.body as { id: string }[])[0].id,
      bulletins: RANDOM_UUID,
      notifications: RANDOM_UUID,
    });
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  afterAll(async () => {
    await t?.close();
  });

  async function fingerprint(): Promise<string> {
    const tables: { table_name: string }[] = await t.dataSource.query(
      // security_events is the one table a refusal writes to, by design (after the response, on its own).
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'security_events' ORDER BY table_name`,
    );
    const counts = tables.map((r) => `(SELECT count(*) FROM "${r.table_name}") AS "${r.table_name}"`).join(', ');
    const [row] = await t.dataSource.query(`SELECT ${counts}, (SELECT max(id) FROM audit_entries) AS max_audit`);
    return JSON.stringify(row);
  }

  function resolve(schema: Schema | undefined): Schema | undefined {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.split('/').pop()!]);
    if (schema.allOf) {
      const parts = schema.allOf.map((s) => resolve(s) ?? {});
      return {
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
        required: parts.flatMap((p) => p.required ?? []),
      };
    }
    return schema;
  }

  function operations(): Operation[] {
    const ops: Operation[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/') || DOC_PATHS_SKIPPED.has(path)) continue;
      for (const [method, raw] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const op = raw as { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema?: Schema }> } };
        const content = op.requestBody?.content ?? {};
        const multipart = 'multipart/form-data' in content;
        const bodySchema = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
        ops.push({
          method: method as Operation['method'],
          path,
          params: op.parameters ?? [],
          body: op.requestBody ? { multipart, schema: resolve(bodySchema) } : undefined,
        });
      }
    }
    return ops.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
  }

  /** Values of the wrong kind for a declared schema. */
  function hostileValues(schema: Schema | undefined): unknown[] {
    const s = resolve(schema) ?? {};
    const common: unknown[] = [null, [], { nested: { deeper: 1 } }, true];
    const type = s.type ?? (s.enum ? 'string' : undefined);
    if (type === 'string') {
      return [
        ...common,
        12345,
        -1,
        HUGE,
        HUGE_CJK,
        '',
        '   ',
        "'; DROP TABLE rectification_items; --",
        "1' OR '1'='1",
        '2026-02-30',
        '2026/01/01',
        '0000-01-01',
        '99999-12-31',
        NOT_UUID,
        '\u0000',
        ['a', 'b'],
        'purple',
      ];
    }
    if (type === 'integer' || type === 'number') {
      return [...common, 'abc', '12', -1, 0, 1.5, 2147483648, 9007199254740991, -9007199254740991, 1e308, Number.MAX_SAFE_INTEGER * 10];
    }
    if (type === 'boolean') return [...common, 'true', 'purple', 1, 0];
    if (type === 'array') {
      const many = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      return [...common, 'a,b', 42, [null], [42], [NOT_UUID], [{ x: 1 }], many, [HUGE], [[1]]];
    }
    return [...common, 'string', 42, HUGE];
  }

  /** A plausible value for a declared schema (other fields stay plausible while one is attacked). */
  function plausible(schema: Schema | undefined, name: string, path: string): unknown {
    const s = resolve(schema) ?? {};
    const real = realIds(path)[name];
    if (real !== undefined) return real;
    if (name === 'number') return 60 + (numberCounter++ % 39);
    if (name === 'password') return 'Robust-pass-123';
    if (name === 'email') return 'robust@example.com';
    if (name === 'username') return `robust${numberCounter++}`;
    if (s.type === 'array') {
      const items = resolve(s.items);
      if (items?.enum?.length) return [items.enum[0]];
      if (items?.properties) return [plausibleBody(items, path)];
    }
    if (name === 'newDeadline') return '2027-01-15';
    if (s.example !== undefined) return s.example;
    if (s.enum?.length) return s.enum[0];
    if (s.type === 'integer' || s.type === 'number') return 1;
    if (s.type === 'boolean') return true;
    if (s.type === 'array') return name.endsWith('Ids') ? [RANDOM_UUID] : [];
    if (s.type === 'object') return {};
    if (/date|deadline/i.test(name)) return '2026-07-01';
    if (/Id$/.test(name)) return RANDOM_UUID;
    return '测试';
  }

  /** Real ids for body fields, so that a plausible body gets past the existence checks and the attack reaches deep. */
  function realIds(path: string): Record<string, unknown> {
    return {
      findingId: ids.findings,
      unitId: org.units.a,
      responsibleUnitId: org.units.a,
      parentId: org.units.a,
      ownerId: org.users.staffA.id,
      leaderId: org.users.inspector.id,
      memberIds: [org.users.inspector.id],
      unitIds: [org.units.a],
      inspectionId: path.startsWith('/api/v1/plans') ? plan.inspectionId : round.roundId,
      planId: plan.planId,
      batchId: round.batchIds[0],
      groupId: round.groupIds[0],
      measureIds: [plan.measuresByNumber[46]],
      feedbackProblemIds: [plan.problemsByCode['1-1']],
    };
  }

  function plausibleBody(schema: Schema | undefined, path: string): Record<string, unknown> {
    const s = resolve(schema);
    const out: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries(s?.properties ?? {})) out[name] = plausible(prop, name, path);
    return out;
  }

  let numberCounter = 0;

  /** The current version of the item in a path, so optimistic locking lets the plausible body through. */
  async function withVersion(body: Record<string, unknown>, url: string): Promise<Record<string, unknown>> {
    const m = /\/items\/([0-9a-f-]{36})/.exec(url);
    if (!m || !('version' in body)) return body;
    const [row] = await t.dataSource.query(`SELECT version FROM rectification_items WHERE id = $1`, [m[1]]);
    return row ? { ...body, version: row.version } : body;
  }

  function pathVariants(op: Operation): { label: string; url: string }[] {
    const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (names.length === 0) return [{ label: 'no-params', url: op.path }];
    const segment = op.path.split('/')[3];
    const real = (name: string) => (name === 'date' ? '2026-10-01' : (ids[segment] ?? RANDOM_UUID));
    const sub = (f: (name: string) => string) => op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(f(n)));
    return [
      { label: 'real', url: sub(real) },
      { label: 'random-uuid', url: sub((n) => (n === 'date' ? '2026-02-30' : RANDOM_UUID)) },
      { label: 'not-uuid', url: sub((n) => (n === 'date' ? '2026/01/01' : NOT_UUID)) },
    ];
  }

  function badQueries(op: Operation): string[] {
    const qs = [
      'page=-1',
      'pageSize=100000',
      'page=abc',
      'status=xyz',
      'light=purple',
      'unitId=not-a-uuid',
      'unknownField=1',
      'page=99999999999999999999',
    ];
    for (const p of op.params.filter((x) => x.in === 'query')) {
      for (const v of ['not-a-uuid', '-1', '2026-02-30', 'purple', 'x'.repeat(5000), '9999999999999', "' OR 1=1 --"]) {
        if (p.name === 'wait') continue;
        qs.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`);
      }
      qs.push(`${encodeURIComponent(p.name)}=a&${encodeURIComponent(p.name)}=b`);
      qs.push(`${encodeURIComponent(p.name)}[x]=1`);
    }
    return qs;
  }

  it('every operation, every role, every hostile input: no 5xx, the error shape, nothing written on refusal', async () => {
    const rand = prng(SEED);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const ops = operations();
    // Sanity: the document really lists the API (a broken docs build must not pass vacuously).
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.some((o) => o.path === '/api/v1/items' && o.method === 'post')).toBe(true);

    const tokens: [string, string | undefined][] = [
      ['office', org.users.office.token],
      ['admin', org.adminToken],
      ['managerB', org.users.managerB.token],
      ['staffA', org.users.staffA.token],
      ['anonymous', undefined],
    ];
    const violations: string[] = [];
    const officeForbidden = new Set<string>();
    /** Operations that changed rows and answered 2xx without an audit entry. */
    const unaudited = new Set<string>();
    let baseline = await fingerprint();
    let requests = 0;

    const send = async (
      op: Operation,
      url: string,
      token: string | undefined,
      label: string,
      payload: (r: request.Test) => request.Test,
    ): Promise<Outcome> => {
      let req = t.http()[op.method](url);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      const res = await payload(req);
      requests++;
      const out: Outcome = { label: `${op.method.toUpperCase()} ${url.slice(0, 120)} [${label}]`, status: res.status, body: res.body };
      if (res.status >= 500) violations.push(`5xx ${res.status}: ${out.label} → ${JSON.stringify(res.body).slice(0, 200)}`);
      if (res.status >= 400 && res.status < 500) {
        const b = res.body as { statusCode?: unknown; code?: unknown; message?: unknown };
        const ok =
          b &&
          b.statusCode === res.status &&
          typeof b.code === 'string' &&
          b.code.length > 0 &&
          typeof b.message === 'string' &&
          b.message.trim().length > 0;
        if (!ok) violations.push(`shape ${res.status}: ${out.label} → ${JSON.stringify(res.body).slice(0, 200)}`);
      }
      if (op.method !== 'get') {
        const now = await fingerprint();
        if (res.status >= 400 && res.status < 500 && now !== baseline) {
          violations.push(`write on refusal ${res.status}: ${out.label}\n  before ${baseline}\n  after  ${now}`);
        }
        if (res.status < 300 && JSON.parse(now).max_audit === JSON.parse(baseline).max_audit && now !== baseline) {
          unaudited.add(`${op.method.toUpperCase()} ${op.path}`);
        }
        baseline = now;
      }
      return out;
    };

    for (const op of ops) {
      const props = Object.entries(op.body?.schema?.properties ?? {});
      const isJsonBody = op.method !== 'get' && op.method !== 'delete';
      for (const variant of pathVariants(op)) {
        for (const [role, token] of tokens) {
          // The full battery as the office, and as the admin where the office is refused by role
          // (guards run before pipes, so a 403 role never reaches the DTO).
          const realPath = variant.label !== 'random-uuid' && variant.label !== 'not-uuid';
          const full = realPath && (role === 'office' || (role === 'admin' && officeForbidden.has(`${op.method} ${op.path}`)));
          const tag = `${role} ${variant.label}`;
          // Always: no body at all, and one bad query string.
          const bare = await send(op, variant.url, token, `${tag} nobody`, (r) => r);
          if (role === 'office' && realPath && bare.status === 403) officeForbidden.add(`${op.method} ${op.path}`);
          await send(op, `${variant.url}?${pick(badQueries(op))}`, token, `${tag} badquery`, (r) => r);
          if (isJsonBody) {
            await send(op, variant.url, token, `${tag} empty`, (r) => r.send({}));
            await send(op, variant.url, token, `${tag} malformed`, (r) => r.set('Content-Type', 'application/json').send('{"a": [1, }'));
            if (!full) {
              // One seeded mutation of one property for the other roles.
              if (props.length > 0) {
                const [name, schema] = pick(props);
                const value = pick(hostileValues(schema));
                await send(op, variant.url, token, `${tag} ${name}=${JSON.stringify(value)?.slice(0, 30)}`, (r) =>
                  r.send({ ...plausibleBody(op.body?.schema, op.path), [name]: value }),
                );
              }
              continue;
            }
          }
          if (!full) continue;
          for (const q of badQueries(op)) await send(op, `${variant.url}?${q}`, token, `${tag} ?${q.slice(0, 40)}`, (r) => r);
          if (!isJsonBody) continue;
          const base = await withVersion(plausibleBody(op.body?.schema, op.path), variant.url);
          if (process.env.ROBUST_DEBUG) {
            const probe = await send(op, variant.url, token, `${tag} plausible`, (r) => r.send(base));
            console.log(`${probe.label} ${probe.status} ${JSON.stringify(probe.body).slice(0, 150)}`);
          }
          await send(op, variant.url, token, `${tag} unknown-field`, (r) => r.send({ ...base, __proto__x: 1, hacker: "'; --" }));
          await send(op, variant.url, token, `${tag} array-body`, (r) => r.send([base]));
          await send(op, variant.url, token, `${tag} scalar-body`, (r) => r.set('Content-Type', 'application/json').send('"x"'));
          await send(op, variant.url, token, `${tag} null-body`, (r) => r.set('Content-Type', 'application/json').send('null'));
          await send(op, variant.url, token, `${tag} text/plain`, (r) => r.set('Content-Type', 'text/plain').send('title=x'));
          await send(op, variant.url, token, `${tag} form-urlencoded`, (r) => r.type('form').send('title=x&deadline=2026-02-30'));
          await send(op, variant.url, token, `${tag} huge-json`, (r) => r.send({ ...base, padding: 'x'.repeat(300_000) }));
          if (op.body?.multipart) {
            await send(op, variant.url, token, `${tag} json-to-multipart`, (r) => r.send({ file: 'not a file' }));
            await send(op, variant.url, token, `${tag} wrong-field`, (r) => r.attach('other', PDF, 'a.pdf'));
            await send(op, variant.url, token, `${tag} two-files`, (r) => r.attach('file', PDF, 'a.pdf').attach('file', PDF, 'b.pdf'));
            await send(op, variant.url, token, `${tag} exe-as-pdf`, (r) =>
              r.attach('file', Buffer.from('MZ\x90\x00garbage'), { filename: 'a.pdf', contentType: 'application/pdf' }),
            );
            await send(op, variant.url, token, `${tag} empty-file`, (r) =>
              r.attach('file', Buffer.alloc(0), { filename: 'a.xlsx', contentType: 'application/octet-stream' }),
            );
            continue;
          }
          await send(op, variant.url, token, `${tag} multipart-to-json`, (r) => r.field('title', 'x').attach('file', PDF, 'a.pdf'));
          for (const [name, schema] of props) {
            for (const value of hostileValues(schema)) {
              await send(op, variant.url, token, `${tag} ${name}=${JSON.stringify(value)?.slice(0, 30)}`, (r) =>
                r.send({ ...base, [name]: value }),
              );
            }
            // Nested objects in arrays (e.g. escalation levels): each nested property attacked once.
            const s = resolve(schema);
            const nested = resolve(s?.items);
            if (s?.type === 'array' && nested?.properties) {
              for (const [inner, innerSchema] of Object.entries(nested.properties)) {
                const element = plausibleBody(nested, op.path);
                for (const value of hostileValues(innerSchema).slice(0, 8)) {
                  await send(op, variant.url, token, `${tag} ${name}[0].${inner}=${JSON.stringify(value)?.slice(0, 30)}`, (r) =>
                    r.send({ ...base, [name]: [{ ...element, [inner]: value }] }),
                  );
                }
              }
            }
          }
        }
      }
    }
    if (process.env.ROBUST_DEBUG) console.log(`requests: ${requests}`);
    expect(requests).toBeGreaterThan(2000);
    // Every mutation is audited in its transaction, except derived report data: daily figure
    // snapshots and the weekly bulletin (regenerated from the audited records, also by a scheduler).
    expect([...unaudited].sort()).toEqual(['POST /api/v1/reports/bulletins', 'POST /api/v1/reports/snapshots']);
    expect({ count: violations.length, violations: violations.slice(0, 60) }).toEqual({ count: 0, violations: [] });
  });
});

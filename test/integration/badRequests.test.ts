import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';

interface Operation {
  method: string;
  path: string;
}

/** A path template from the OpenAPI document with each `{param}` filled by a generated value. */
function fillPath(template: string, values: string[]): string {
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++] ?? ''));
}

const junkString = fc.oneof(
  fc.string(),
  fc.uuid(),
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    "' OR 1=1 --",
    '%00',
    '💥',
    'null',
    '-1',
    '1e309',
    'a'.repeat(5000),
  ),
);
const junkJson = fc.oneof(
  fc.jsonValue(),
  fc.object(),
  fc.array(fc.anything()),
  fc.constantFrom({ username: [] }, { password: {} }),
);
const junkBody = fc.oneof(
  junkJson.map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' })),
  fc.string().map((s) => ({ payload: s, contentType: 'application/json' })),
  fc
    .tuple(fc.string(), fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'x/y'))
    .map(([payload, contentType]) => ({ payload, contentType })),
  fc.constant({ payload: '{"a":'.repeat(2000), contentType: 'application/json' }),
  fc.constant({ payload: 'x'.repeat(1_100_000), contentType: 'application/json' }),
);
const junkQuery = fc.dictionary(fc.constantFrom('limit', 'offset', 'buildingId', 'q', 'x'), junkString, {
  maxKeys: 3,
});

describe('generated bad requests to every route of the OpenAPI document', () => {
  let t: TestApp;
  let session: SignedIn;
  let operations: Operation[];
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    session = await signIn(t.app, 'committee');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the routes the API offers', () => {
    const paths = operations.map((o) => `${o.method} ${o.path}`);
    expect(paths).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/households/{id}', 'GET /api/health']),
    );
  });

  it('never answers 5xx, and every error is JSON in the one shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000 }),
        fc.array(junkString, { minLength: 1, maxLength: 3 }),
        junkQuery,
        junkBody,
        fc.boolean(),
        fc.constantFrom('zh-CN', 'en', 'fr', '*', '', 'zh-CN;q=abc'),
        fc.boolean(),
        async (pick, params, query, body, signedIn, language, forgeMethod) => {
          const op = operations[pick % operations.length] as Operation;
          const method = forgeMethod ? (['PUT', 'PATCH', 'DELETE', 'POST'][pick % 4] as string) : op.method;
          const search = new URLSearchParams(query).toString();
          const res = await t.app.inject({
            method: method as 'GET',
            url: fillPath(op.path, params) + (search ? `?${search}` : ''),
            headers: {
              'accept-language': language,
              ...(method === 'GET' ? {} : { 'content-type': body.contentType }),
              ...(signedIn ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
            },
            ...(method === 'GET' ? {} : { payload: body.payload }),
          });
          expect(res.statusCode, `${method} ${op.path} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const error = res.json().error;
            expect(error.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
            expect(typeof error.message).toBe('string');
            expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('answers malformed JSON, a wrong type and an unknown route with a 4xx in the caller’s language', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{"username": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({
      error: { code: 'request.malformed_json', message: 'The request body is not valid JSON.' },
    });
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 5, password: 'x' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error).toMatchObject({ code: 'request.invalid', field: 'username' });
    expect(wrongType.json().error.message).toMatch(/^提交的内容有误/);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('route.not_found');
    const tooLarge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2_000_000) }),
    });
    expect(tooLarge.statusCode).toBe(413);
  });
});

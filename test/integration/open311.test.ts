import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN311_REQUEST_FIELDS, OPEN311_SERVICE_FIELDS } from '../../src/shared/contracts/open311';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

const KEY = 'city-12345-key-abcdef';
const OTHER_KEY = 'other-community-key-000';
const fields = (o: object) => Object.keys(o).sort();
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
/** An instant to the second: the spec's datetimes carry no fraction. */
const instant = (value: unknown) => Math.floor(Date.parse(String(value)) / 1000) * 1000;

describe.each(DIALECTS)('Open311 GeoReport v2 on %s', (dialect) => {
  let t: TestApp;
  let communityId: string;
  let communityName: string;
  let building: { id: string; number: string };
  let entrance: { id: string; number: string };
  let previousKeys: string | undefined;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    communityId = t.seed.communityIds[0] as string;
    previousKeys = process.env.LINLI_OPEN311_KEYS;
    process.env.LINLI_OPEN311_KEYS = `${KEY}:${communityId}, ${OTHER_KEY}:${t.seed.communityIds[1]}`;
    communityName = (
      await t.database.db
        .selectFrom('community')
        .select('name')
        .where('id', '=', communityId)
        .executeTakeFirstOrThrow()
    ).name;
    building = await t.database.db
      .selectFrom('building')
      .select(['id', 'number'])
      .where('community_id', '=', communityId)
      .orderBy('number')
      .executeTakeFirstOrThrow();
    entrance = await t.database.db
      .selectFrom('entrance')
      .select(['id', 'number'])
      .where('building_id', '=', building.id)
      .orderBy('number')
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => {
    if (previousKeys === undefined) delete process.env.LINLI_OPEN311_KEYS;
    else process.env.LINLI_OPEN311_KEYS = previousKeys;
    await t.close();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const postForm = (fieldsIn: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fieldsIn).toString(),
    });
  const expectSpecError = (res: { statusCode: number; json(): unknown }, status: number) => {
    expect(res.statusCode).toBe(status);
    const body = res.json() as { code: number; description: string }[];
    expect(body).toHaveLength(1);
    expect(fields(body[0] as object)).toEqual(['code', 'description']);
    expect(body[0]).toMatchObject({ code: status, description: expect.any(String) });
  };

  it('lists our categories as services with exactly the spec’s fields', async () => {
    const res = await get('/open311/v2/services.json');
    expect(res.statusCode).toBe(200);
    const services = res.json() as Record<string, unknown>[];
    expect(services.map((s) => s.service_code)).toEqual([
      'repairs',
      'sanitation',
      'neighbour_dispute',
      'welfare_policy',
      'elderly_care',
      'safety_hazard',
      'health_emergency',
      'other',
    ]);
    for (const s of services) {
      expect(fields(s)).toEqual([...OPEN311_SERVICE_FIELDS].sort());
      expect(s).toMatchObject({ metadata: false, type: 'realtime' });
      for (const key of ['service_name', 'description', 'keywords', 'group']) {
        expect(typeof s[key]).toBe('string');
      }
    }
    expect(services[0]).toMatchObject({ service_name: '维修', group: '一般' });
    const english = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/services.json?jurisdiction_id=x',
      headers: { 'accept-language': 'en' },
    });
    expect(english.json()[0]).toMatchObject({ service_name: 'Repairs', group: 'General' });
  });

  it('takes a form-encoded request with an api_key, saves it like any report, and answers in the spec’s shape', async () => {
    const res = await postForm({
      api_key: KEY,
      service_code: 'repairs',
      description: '单元门禁坏了，老人进不去',
      address_string: `${building.number}-${entrance.number}`,
      first_name: '奶奶',
      last_name: '王',
      phone: '13800138000',
      email: 'wang@example.com',
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json() as Record<string, unknown>[];
    expect(answer).toHaveLength(1);
    expect(fields(answer[0] as object)).toEqual(['account_id', 'service_notice', 'service_request_id']);
    const id = answer[0]?.service_request_id as string;
    expect(answer[0]).toMatchObject({ account_id: null, service_notice: expect.stringContaining('一般') });

    const row = await t.database.db
      .selectFrom('report')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      community_id: communityId,
      source: 'open311',
      building_id: building.id,
      entrance_id: entrance.id,
      reporter_phone: '13800138000',
      on_behalf_of_name: '王奶奶',
      state: 'new',
      recorded_by_user_id: null,
    });
    const steps = await t.database.db
      .selectFrom('report_escalation')
      .select('step')
      .where('report_id', '=', id)
      .execute();
    expect(steps.map((s) => s.step)).toEqual([0]);
    // The committee sees it like any other report.
    const committee = await signIn(t.app, 'committee');
    expect((await committee.get(`/api/v1/reports/${id}`)).json()).toMatchObject({ id, category: 'repairs' });
    // Another community's committee does not.
    const other = await signIn(t.app, 'c2.committee');
    expect((await other.get(`/api/v1/reports/${id}`)).statusCode).toBe(404);
  });

  it('takes JSON too, with address_id, and replays a retried POST with the same Idempotency-Key', async () => {
    const body = {
      api_key: KEY,
      service_code: 'sanitation',
      description: '垃圾桶满了',
      address_id: entrance.id,
    };
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: body,
        headers: { 'idempotency-key': 'city-retry-0001' },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    const second = await send();
    expect(second.json()[0].service_request_id).toBe(first.json()[0].service_request_id);
    const count = await t.database.db
      .selectFrom('report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category', '=', 'sanitation')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const byBuilding = await t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?api_key=${KEY}`,
      payload: { service_code: 'other', description: '楼前路灯不亮', address_id: building.id },
    });
    expect(byBuilding.statusCode, byBuilding.body).toBe(200);
  });

  it('refuses posts in the spec’s error format', async () => {
    const base = { service_code: 'repairs', description: 'x', address_string: `${building.number}-1` };
    expectSpecError(await postForm(base), 403);
    expectSpecError(await postForm({ ...base, api_key: 'wrong' }), 403);
    expectSpecError(await postForm({ ...base, api_key: KEY, service_code: 'potholes' }), 400);
    expectSpecError(await postForm({ ...base, api_key: KEY, address_string: '' }), 400);
    expectSpecError(await postForm({ ...base, api_key: KEY, address_string: '999-9' }), 400);
    expectSpecError(await postForm({ ...base, api_key: KEY, address_string: 'somewhere' }), 400);
    // Our building's id is no address in the other key's community.
    expectSpecError(
      await postForm({ ...base, api_key: OTHER_KEY, address_string: '', address_id: building.id }),
      400,
    );
    const { description: _, ...noDescription } = base;
    expectSpecError(await postForm({ ...noDescription, api_key: KEY }), 400);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: '{"service_code":',
    });
    expectSpecError(malformed, 400);
    expectSpecError(await get('/open311/v2/nothing.json'), 404);
    expectSpecError(await get('/open311/v2/requests/nope.json'), 404);
    expectSpecError(await get('/open311/v2/requests.json?start_date=yesterday'), 400);
    expectSpecError(await get('/open311/v2/requests.json?status=pending'), 400);
  });

  it('shows requests publicly with exactly the spec’s fields and nothing personal', async () => {
    const leader = await signIn(t.app, 'buildingleader');
    const householdId = (await leader.get('/api/v1/households?limit=1')).json().items[0].id as string;
    const household = await t.database.db
      .selectFrom('household')
      .innerJoin('building', 'building.id', 'household.building_id')
      .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
      .select(['household.room', 'building.number as b', 'entrance.number as e', 'entrance.id as entranceId'])
      .where('household.id', '=', householdId)
      .executeTakeFirstOrThrow();
    const staff = await leader.post('/api/v1/reports', {
      householdId,
      category: 'elderly_care',
      description: '李大爷独居，腿脚不便，需要上门送餐',
      onBehalfOfName: '李大爷',
    });
    expect(staff.statusCode, staff.body).toBe(200);
    const staffId = staff.json().id as string;

    const res = await get('/open311/v2/requests.json');
    expect(res.statusCode).toBe(200);
    const requests = res.json() as Record<string, unknown>[];
    expect(requests.length).toBeGreaterThanOrEqual(4);
    for (const r of requests) {
      expect(fields(r)).toEqual([...OPEN311_REQUEST_FIELDS].sort());
      expect(['open', 'closed']).toContain(r.status);
    }
    // Nothing personal: no phone, no names, no room, and descriptions only for a key of the community.
    expect(res.body).not.toContain('13800138000');
    expect(res.body).not.toContain('王奶奶');
    expect(res.body).not.toContain('李大爷');
    expect(res.body).not.toContain('wang@example.com');
    const mine = requests.find((r) => r.service_request_id === staffId) as Record<string, unknown>;
    expect(mine).toMatchObject({
      status: 'open',
      service_code: 'elderly_care',
      service_name: '养老照护',
      description: null,
      address: `${communityName} ${household.b}号楼 ${household.e}单元`,
      address_id: household.entranceId,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
      agency_responsible: `${communityName} 党员`,
    });
    // W3C datetimes with the community's offset, to the second, as in the spec's examples.
    for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
      expect(mine[field]).toMatch(W3C_DATETIME);
    }
    expect(instant(mine.requested_datetime)).toBe(instant(staff.json().createdAt));
    expect(instant(mine.expected_datetime)).toBe(instant(staff.json().feedbackDueAt));
    expect(String(mine.address)).not.toContain(household.room);
    expect(mine.status_notes).toEqual(expect.any(String));
    expect(mine.service_notice).toEqual(expect.any(String));

    const keyed = (await get(`/open311/v2/requests/${staffId}.json?api_key=${KEY}`)).json();
    expect(keyed).toHaveLength(1);
    expect(keyed[0].description).toBe('李大爷独居，腿脚不便，需要上门送餐');
    const otherKey = (await get(`/open311/v2/requests/${staffId}.json?api_key=${OTHER_KEY}`)).json();
    expect(otherKey[0].description).toBeNull();
    const single = (await get(`/open311/v2/requests/${staffId}.json`)).json();
    expect(single).toEqual([mine]);

    // Closing shows as closed, with when it changed.
    t.clock.advanceMinutes(5);
    const handler = await signIn(t.app, 'partymember');
    expect(
      (await handler.post(`/api/v1/reports/${staffId}/transition`, { action: 'resolve' })).statusCode,
    ).toBe(200);
    const closed = (await get(`/open311/v2/requests/${staffId}.json`)).json()[0];
    expect(closed.status).toBe('closed');
    expect(instant(closed.updated_datetime)).toBe(instant(t.clock().toISOString()));
  });

  it('filters by id, service, status and dates as the spec says', async () => {
    const all = (await get('/open311/v2/requests.json')).json() as Record<string, string>[];
    const ids = all.map((r) => r.service_request_id);
    const [a, b] = ids as [string, string];
    const some = (await get(`/open311/v2/requests.json?service_request_id=${a},${b}&status=closed`)).json();
    // With service_request_id, every other filter is ignored.
    expect(some.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
      [a, b].sort(),
    );
    const repairs = (await get('/open311/v2/requests.json?service_code=repairs,sanitation')).json();
    expect(repairs.length).toBeGreaterThan(0);
    expect(new Set(repairs.map((r: { service_code: string }) => r.service_code))).toEqual(
      new Set(['repairs', 'sanitation']),
    );
    const closed = (await get('/open311/v2/requests.json?status=closed')).json();
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r: { status: string }) => r.status === 'closed')).toBe(true);
    const open = (await get('/open311/v2/requests.json?status=open')).json();
    expect(open.length + closed.length).toBe(all.length);
    const now = t.clock().toISOString();
    expect((await get(`/open311/v2/requests.json?start_date=${encodeURIComponent(now)}`)).json()).toEqual([]);
    const inWindow = await get(
      `/open311/v2/requests.json?start_date=2026-11-01T00:00:00%2B08:00&end_date=${encodeURIComponent(now)}`,
    );
    expect(inWindow.json()).toHaveLength(all.length);
    const ours = await get(`/open311/v2/requests.json?jurisdiction_id=${t.seed.communityIds[1]}`);
    expect(ours.json()).toEqual([]);
  });

  it('stays out of the Linli API document, and a session without CSRF token does not block a keyed POST', async () => {
    const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/open311'))).toBe(false);
    const session: SignedIn = await signIn(t.app, 'committee');
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { cookie: session.cookie },
      payload: { api_key: KEY, service_code: 'repairs', description: 'x', address_id: building.id },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('never answers 5xx to junk, in either format, and every error is in the spec’s shape', async () => {
    const xmlErrors = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'error' });
    const junk = fc.oneof(
      fc.string(),
      fc.constantFrom('', '💥', "' OR 1=1 --", '2026-02-30', 'open,closed,', ',,,', 'a'.repeat(5000)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'GET /open311/discovery.{format}',
          'GET /open311/v2/services.{format}',
          'GET /open311/v2/services/{id}.{format}',
          'GET /open311/v2/requests.{format}',
          'GET /open311/v2/requests/{id}.{format}',
          'POST /open311/v2/requests.{format}',
        ),
        fc.constantFrom('json', 'xml'),
        fc.dictionary(
          fc.constantFrom(
            'service_request_id',
            'service_code',
            'start_date',
            'end_date',
            'status',
            'api_key',
            'jurisdiction_id',
            'description',
            'address_string',
            'address_id',
            'page',
            'page_size',
            'updated_after',
            'updated_before',
            'attribute[note]',
            'lat',
            'media_url',
          ),
          junk,
          { maxKeys: 5 },
        ),
        junk,
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
        async (route, format, params, id, contentType) => {
          const [method, path] = route.split(' ') as [string, string];
          const url = path.replace('{id}', encodeURIComponent(id)).replace('{format}', format);
          const withKey = { ...params, ...(params.api_key === '' ? { api_key: KEY } : {}) };
          const res = await t.app.inject({
            method: method as 'GET',
            url: method === 'GET' ? `${url}?${new URLSearchParams(withKey)}` : url,
            ...(method === 'POST'
              ? {
                  headers: { 'content-type': contentType },
                  payload:
                    contentType === 'application/json'
                      ? JSON.stringify(withKey)
                      : new URLSearchParams(withKey).toString(),
                }
              : {}),
          });
          expect(res.statusCode, `${route} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (format === 'json') {
            if (res.statusCode >= 400) expectSpecError(res, res.statusCode);
            return;
          }
          // Whatever was posted before, every XML answer is a well-formed document.
          expect(XMLValidator.validate(res.body)).toBe(true);
          expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
          if (res.statusCode >= 400) {
            expect(xmlErrors.parse(res.body).errors.error).toEqual([
              { code: String(res.statusCode), description: expect.any(String) },
            ]);
          }
        },
      ),
      { numRuns: 250 },
    );
  });
});

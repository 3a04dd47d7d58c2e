import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN311_REQUEST_FIELDS, OPEN311_SERVICE_FIELDS } from '../../src/shared/contracts/open311';
import { openFeed } from '../support/sse';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

const KEY = 'fms-city-key-0123456789';
const OTHER_KEY = 'fms-other-community-key';
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

/** The list elements of GeoReport v2's XML, read as arrays even when they hold one item (as FixMyStreet does). */
const LIST_ITEMS = new Set(['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format']);
const parser = new XMLParser({ isArray: (name) => LIST_ITEMS.has(name), parseTagValue: false });

/** Read loosely, like `res.json()`: each test says which elements it expects. */
type XmlAnswer = {
  status: number;
  contentType: string | null;
  text: string;
  xml: ReturnType<XMLParser['parse']>;
};

/** Parses an answer that must be a well-formed XML document with the spec's declaration and content type. */
function readXml(status: number, contentType: string | null, text: string): XmlAnswer {
  expect(XMLValidator.validate(text), text.slice(0, 300)).toBe(true);
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(contentType).toBe('text/xml; charset=utf-8');
  return { status, contentType, text, xml: parser.parse(text) };
}

type OrderedNode = { [name: string]: OrderedNode[] | string };

/** The child element names of each such element, in document order. */
function elementNames(text: string, element: string): string[][] {
  const found: string[][] = [];
  const walk = (nodes: OrderedNode[]) => {
    for (const node of nodes) {
      for (const [name, children] of Object.entries(node)) {
        if (!Array.isArray(children)) continue;
        if (name === element) found.push(children.map((c) => Object.keys(c)[0] as string));
        else walk(children);
      }
    }
  };
  walk(new XMLParser({ preserveOrder: true }).parse(text) as OrderedNode[]);
  return found;
}

/**
 * A client written the way FixMyStreet's perllib/Open311.pm is: it speaks XML only, sends jurisdiction_id
 * with every call and api_key with every post, posts form fields to requests.xml and reads
 * `service_request_id` back out of the XML answer.
 */
function fixMyStreetClient(endpoint: string, jurisdiction: string, apiKey: string) {
  const calls: URL[] = [];
  async function request(method: 'GET' | 'POST', path: string, params: Record<string, string> = {}) {
    const all = {
      ...params,
      jurisdiction_id: jurisdiction,
      ...(method === 'POST' ? { api_key: apiKey } : {}),
    };
    const url = new URL(`${endpoint}/${path}`);
    if (method === 'GET') for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
    calls.push(url);
    const res = await fetch(url, {
      method,
      ...(method === 'POST' && {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(all).toString(),
      }),
    });
    return readXml(res.status, res.headers.get('content-type'), await res.text());
  }
  return {
    calls,
    getServiceList: () => request('GET', 'services.xml'),
    getServiceMetaInfo: (code: string) => request('GET', `services/${code}.xml`),
    getServiceRequests: (ids: string[]) =>
      request('GET', 'requests.xml', { service_request_id: ids.join(',') }),
    /** Open311.pm's send_service_request: the id, or 0 when the answer holds none. */
    async sendServiceRequest(problem: {
      title: string;
      detail: string;
      url: string;
      name: string;
      email: string;
      phone: string;
      latitude: number;
      longitude: number;
      postcode: string;
      photo: string;
      extra: Record<string, string>;
      serviceCode: string;
    }) {
      // split_name: the first word, then the rest.
      const [first = '', ...rest] = problem.name.split(/\s+/);
      const params: Record<string, string> = {
        description: `${problem.title}\n\n${problem.detail}\n\n${problem.url}\n`,
        service_code: problem.serviceCode,
        first_name: first,
        last_name: rest.join(' '),
        phone: problem.phone,
        email: problem.email,
        lat: problem.latitude.toFixed(6),
        long: problem.longitude.toFixed(6),
        address_string: problem.postcode,
        media_url: problem.photo,
      };
      for (const [name, value] of Object.entries(problem.extra)) params[`attribute[${name}]`] = value;
      const answer = await request('POST', 'requests.xml', params);
      return { answer, id: answer.xml.service_requests?.request?.[0]?.service_request_id ?? 0 };
    },
  };
}

describe.each(DIALECTS)('Open311 in XML, discovery, paging and a FixMyStreet client on %s', (dialect) => {
  let t: TestApp;
  let address: string;
  let communityId: string;
  let leader: SignedIn;
  let previous: Record<string, string | undefined>;
  const ENV = ['LINLI_OPEN311_KEYS', 'LINLI_OPEN311_TYPE', 'LINLI_OPEN311_URL', 'LINLI_OPEN311_CONTACT'];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    communityId = t.seed.communityIds[0] as string;
    previous = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
    process.env.LINLI_OPEN311_KEYS = `${KEY}:${communityId},${OTHER_KEY}:${t.seed.communityIds[1]}`;
    address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    leader = await signIn(t.app, 'buildingleader');
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await t.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const getXml = async (url: string, headers: Record<string, string> = {}) => {
    const res = await get(url, headers);
    return readXml(res.statusCode, String(res.headers['content-type']), res.body);
  };
  const expectXmlError = (answer: XmlAnswer, status: number) => {
    expect(answer.status).toBe(status);
    expect(elementNames(answer.text, 'errors')).toEqual([['error']]);
    expect(elementNames(answer.text, 'error')).toEqual([['code', 'description']]);
    const error = answer.xml.errors.error[0];
    expect(error.code).toBe(String(status));
    expect(error.description.length).toBeGreaterThan(0);
    return error.description as string;
  };
  const savedReport = (id: string) =>
    t.database.db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A household of the building leader, by its numbers, for an address_string. */
  const leadersHousehold = async () => {
    const householdId = (await leader.get('/api/v1/households?limit=1')).json().items[0].id as string;
    const numbers = await t.database.db
      .selectFrom('household')
      .innerJoin('building', 'building.id', 'household.building_id')
      .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
      .select(['household.room', 'building.number as building', 'entrance.number as entrance'])
      .where('household.id', '=', householdId)
      .executeTakeFirstOrThrow();
    return { householdId, addressString: `${numbers.building}-${numbers.entrance}-${numbers.room}` };
  };

  it('lists services in XML with the spec’s elements, the same as the JSON', async () => {
    const xml = await getXml('/open311/v2/services.xml?jurisdiction_id=x');
    expect(xml.status).toBe(200);
    const json = (await get('/open311/v2/services.json')).json() as Record<string, unknown>[];
    const services = xml.xml.services.service as Record<string, string>[];
    expect(services).toHaveLength(json.length);
    // Every service has the spec's elements, in the spec's order.
    for (const names of elementNames(xml.text, 'service')) expect(names).toEqual([...OPEN311_SERVICE_FIELDS]);
    expect(services.map((s) => s.service_code)).toEqual(json.map((s) => s.service_code));
    expect(services[0]).toEqual({ ...json[0], metadata: 'false' });
    const english = await getXml('/open311/v2/services.xml', { 'accept-language': 'en' });
    expect(english.xml.services.service[0]).toMatchObject({ service_name: 'Repairs', group: 'General' });
  });

  it('gives each service’s definition in both formats, and a 404 for an unknown one', async () => {
    const xml = await getXml('/open311/v2/services/repairs.xml');
    expect(xml.status).toBe(200);
    expect(elementNames(xml.text, 'service_definition')).toEqual([['service_code', 'attributes']]);
    expect(xml.xml.service_definition).toEqual({ service_code: 'repairs', attributes: '' });
    const json = await get('/open311/v2/services/repairs.json');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json()).toEqual({ service_code: 'repairs', attributes: [] });
    expectXmlError(await getXml('/open311/v2/services/potholes.xml'), 404);
    expect((await get('/open311/v2/services/potholes.json')).json()).toEqual([
      { code: 404, description: expect.any(String) },
    ]);
    expectXmlError(await getXml('/open311/v2/services/repairs.csv.xml'), 404);
  });

  it('takes a FixMyStreet-style post, keeps extra answers, drops what it cannot keep, and reaches the building leader’s chain on the live feed', async () => {
    const { householdId, addressString } = await leadersHousehold();
    const feeds = {
      leader: await openFeed(`${address}/api/v1/feed`, leader.cookie),
      committee: await openFeed(`${address}/api/v1/feed`, (await signIn(t.app, 'committee')).cookie),
      otherCommunity: await openFeed(`${address}/api/v1/feed`, (await signIn(t.app, 'c2.committee')).cookie),
    };
    const client = fixMyStreetClient(`${address}/open311/v2`, communityId, KEY);
    try {
      const services = await client.getServiceList();
      const code = services.xml.services.service[0].service_code as string;
      expect((await client.getServiceMetaInfo(code)).xml.service_definition.service_code).toBe(code);
      const { id, answer } = await client.sendServiceRequest({
        title: '楼道灯坏了',
        detail: '三楼楼道灯不亮，老人晚上下楼看不见',
        url: 'https://fms.example.cn/report/42',
        name: '王奶奶',
        email: 'wang@example.com',
        phone: '13800138001',
        latitude: 39.915,
        longitude: 116.404,
        postcode: addressString,
        photo: 'https://fms.example.cn/photo/42.jpeg',
        extra: { fixmystreet_id: '42', closest_address: '幸福路 1 号' },
        serviceCode: code,
      });
      expect(answer.status, answer.text).toBe(200);
      expect(elementNames(answer.text, 'request')).toEqual([
        ['service_request_id', 'service_notice', 'account_id'],
      ]);
      expect(typeof id).toBe('string');
      const notice = answer.xml.service_requests.request[0].service_notice as string;
      expect(notice).toContain('lat/long');
      expect(notice).toContain('media_url');
      expect(notice).toContain('email');

      // The building leader who looks after the household, and the committee, see it at once.
      expect((await feeds.leader.waitFor(id)).kind).toBe('created');
      expect((await feeds.committee.waitFor(id)).kind).toBe('created');
      const row = await savedReport(id);
      expect(row).toMatchObject({
        community_id: communityId,
        household_id: householdId,
        source: 'open311',
        reporter_phone: '13800138001',
        on_behalf_of_name: '王奶奶',
      });
      expect(row.description).toContain('三楼楼道灯不亮');
      expect(row.description).toContain('- fixmystreet_id：42');
      expect(row.description).toContain('- closest_address：幸福路 1 号');
      // Taken, not kept.
      expect(JSON.stringify(row)).not.toContain('wang@example.com');
      expect(JSON.stringify(row)).not.toContain('39.915');
      expect(JSON.stringify(row)).not.toContain('42.jpeg');
      const seen = (await leader.get(`/api/v1/reports/${id}`)).json();
      expect(seen).toMatchObject({ id, description: row.description });

      // The client reads it back: open, and without the description (it holds no key for reading).
      const back = await client.getServiceRequests([id]);
      expect(back.xml.service_requests.request).toHaveLength(1);
      expect(back.xml.service_requests.request[0]).toMatchObject({ service_request_id: id, status: 'open' });
      expect(back.text).not.toContain('13800138001');
      expect(back.text).not.toContain('王奶奶');
      // jurisdiction_id went with every call.
      for (const call of client.calls.filter((c) => c.search !== '')) {
        expect(call.searchParams.get('jurisdiction_id')).toBe(communityId);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(feeds.otherCommunity.events.find((e) => e.report.id === id)).toBeUndefined();
    } finally {
      await Promise.all(Object.values(feeds).map((feed) => feed.close()));
    }
  });

  it('refuses posts in XML errors: no key, another community’s jurisdiction, an unknown service; replays a retry', async () => {
    const { addressString } = await leadersHousehold();
    const post = async (fields: Record<string, string>, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.xml',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
      return readXml(res.statusCode, String(res.headers['content-type']), res.body);
    };
    const base = { service_code: 'repairs', description: '水管漏水', address_string: addressString };
    expectXmlError(await post(base), 403);
    expectXmlError(
      await post({ ...base, api_key: KEY, jurisdiction_id: t.seed.communityIds[1] as string }),
      404,
    );
    expectXmlError(await post({ ...base, api_key: OTHER_KEY, jurisdiction_id: communityId }), 404);
    expectXmlError(await post({ ...base, api_key: KEY, service_code: 'potholes' }), 400);
    expectXmlError(await post({ ...base, api_key: KEY, 'attribute[note]': 'x'.repeat(1001) }), 400);
    const english = await post(
      { ...base, api_key: KEY, address_string: '999-9' },
      { 'accept-language': 'en' },
    );
    expect(expectXmlError(english, 400)).toBe('This address cannot be found in this community.');
    expectXmlError(await getXml('/open311/v2/nothing.xml'), 404);
    expectXmlError(await getXml('/open311/v2/requests/nope.xml'), 404);
    expectXmlError(await getXml('/open311/v2/requests.xml?updated_after=yesterday'), 400);
    expectXmlError(await getXml('/open311/v2/requests.xml?page=0'), 400);

    const retry = { ...base, api_key: KEY, jurisdiction_id: communityId };
    const first = await post(retry, { 'idempotency-key': 'fms-retry-000042' });
    const second = await post(retry, { 'idempotency-key': 'fms-retry-000042' });
    expect(first.status, first.text).toBe(200);
    expect(second.text).toBe(first.text);
  });

  it('shows requests in XML with the spec’s elements, W3C dates with offsets and nothing personal', async () => {
    const list = await getXml('/open311/v2/requests.xml');
    expect(list.status).toBe(200);
    const json = (await get('/open311/v2/requests.json')).json() as Record<string, unknown>[];
    const requests = list.xml.service_requests.request as Record<string, string>[];
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.map((r) => r.service_request_id)).toEqual(json.map((r) => r.service_request_id));
    for (const names of elementNames(list.text, 'request'))
      expect(names).toEqual([...OPEN311_REQUEST_FIELDS]);
    for (const r of requests) {
      expect(r.requested_datetime).toMatch(W3C_DATETIME);
      expect(r.updated_datetime).toMatch(W3C_DATETIME);
      expect(r.expected_datetime).toMatch(W3C_DATETIME);
      expect(r.description).toBe('');
    }
    expect(list.text).not.toContain('13800138001');
    expect(list.text).not.toContain('王奶奶');
    expect(list.text).not.toContain('wang@example.com');

    const id = requests[0]?.service_request_id as string;
    const one = await getXml(`/open311/v2/requests/${id}.xml`);
    expect(one.xml.service_requests.request).toHaveLength(1);
    expect(one.xml.service_requests.request[0]).toEqual(requests[0]);
    // The description only with a key of the report's community.
    const stored = await savedReport(id);
    const keyed = await getXml(`/open311/v2/requests/${id}.xml?api_key=${KEY}`);
    expect(keyed.xml.service_requests.request[0].description).toBe(stored.description);
    const otherKey = await getXml(`/open311/v2/requests/${id}.xml?api_key=${OTHER_KEY}`);
    expect(otherKey.xml.service_requests.request[0].description).toBe('');
  });

  it('carries any text as well-formed XML, escaped by the builder', async () => {
    const { addressString } = await leadersHousehold();
    const description = '门口有 <纸箱> & "杂物" ]]> 堆着\u0001\u0008，挡路';
    const posted = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      payload: { api_key: KEY, service_code: 'safety_hazard', description, address_string: addressString },
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const id = readXml(200, String(posted.headers['content-type']), posted.body).xml.service_requests
      .request[0].service_request_id as string;
    const keyed = await getXml(`/open311/v2/requests/${id}.xml?api_key=${KEY}`);
    // The characters XML 1.0 cannot carry are left out; the rest arrive as written.
    expect(keyed.xml.service_requests.request[0].description).toBe('门口有 <纸箱> & "杂物" ]]> 堆着，挡路');
  });

  it('walks every report once by page and page_size, in both formats', async () => {
    const { addressString } = await leadersHousehold();
    for (let i = 0; i < 5; i++) {
      t.clock.advanceMinutes(1);
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: {
          api_key: KEY,
          service_code: 'sanitation',
          description: `垃圾 ${i}`,
          address_string: addressString,
        },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const all = ((await get('/open311/v2/requests.json')).json() as { service_request_id: string }[]).map(
      (r) => r.service_request_id,
    );
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const format of ['json', 'xml'] as const) {
      const walked: string[] = [];
      for (let page = 1; ; page++) {
        const url = `/open311/v2/requests.${format}?page=${page}&page_size=3`;
        const ids =
          format === 'json'
            ? ((await get(url)).json() as { service_request_id: string }[]).map((r) => r.service_request_id)
            : ((await getXml(url)).xml.service_requests.request ?? []).map(
                (r: { service_request_id: string }) => r.service_request_id,
              );
        expect(ids.length).toBeLessThanOrEqual(3);
        walked.push(...ids);
        if (ids.length < 3) break;
      }
      expect(walked).toEqual(all);
      expect(new Set(walked).size).toBe(walked.length);
    }
    expect((await get('/open311/v2/requests.json?page=0')).statusCode).toBe(400);
    expect((await get('/open311/v2/requests.json?page_size=1001')).statusCode).toBe(400);
  });

  it('pulls only what changed since the last pull with updated_after and updated_before', async () => {
    const lastPull = new Date(t.clock().getTime() + 1000).toISOString();
    const requests = (await get('/open311/v2/requests.json')).json() as { service_request_id: string }[];
    expect((await get(`/open311/v2/requests.json?updated_after=${lastPull}`)).json()).toEqual([]);
    // A report made more than 90 days ago: outside the default window, but a change since the last pull.
    const old = requests[requests.length - 1]?.service_request_id as string;
    await t.database.db
      .updateTable('report')
      .set({ created_at: '2026-06-01T00:00:00.000Z' })
      .where('id', '=', old)
      .execute();
    await t.database.db
      .updateTable('report_event')
      .set({ at: '2026-06-01T00:00:00.000Z' })
      .where('report_id', '=', old)
      .execute();
    t.clock.advanceMinutes(10);
    const committee = await signIn(t.app, 'committee');
    const changed = await committee.post(`/api/v1/reports/${old}/transition`, { action: 'acknowledge' });
    expect(changed.statusCode, changed.body).toBe(200);

    const since = await getXml(`/open311/v2/requests.xml?updated_after=${encodeURIComponent(lastPull)}`);
    expect(
      since.xml.service_requests.request.map((r: { service_request_id: string }) => r.service_request_id),
    ).toEqual([old]);
    const before = (
      await get(
        `/open311/v2/requests.json?updated_after=2026-01-01T00:00:00%2B08:00&updated_before=${encodeURIComponent(lastPull)}`,
      )
    ).json() as { service_request_id: string }[];
    const unchanged = requests.map((r) => r.service_request_id).filter((id) => id !== old);
    expect(before.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(unchanged));
    expect(before.map((r) => r.service_request_id)).not.toContain(old);
  });

  it('describes itself in a discovery document listing exactly the formats it serves', async () => {
    process.env.LINLI_OPEN311_TYPE = 'test';
    process.env.LINLI_OPEN311_CONTACT = '幸福里社区居委会 010-12345678';
    const json = await get('/open311/discovery.json');
    expect(json.statusCode).toBe(200);
    const doc = json.json();
    expect(doc).toEqual({
      changeset: expect.stringMatching(W3C_DATETIME),
      contact: '幸福里社区居委会 010-12345678',
      key_service: expect.any(String),
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: expect.stringMatching(/\/open311\/v2$/),
          changeset: doc.changeset,
          type: 'test',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
    const xml = await getXml('/open311/discovery.xml');
    expect(elementNames(xml.text, 'discovery')).toEqual([
      ['changeset', 'contact', 'key_service', 'endpoints'],
    ]);
    expect(elementNames(xml.text, 'endpoint')).toEqual([
      ['specification', 'url', 'changeset', 'type', 'formats'],
    ]);
    expect(xml.xml.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);

    // Exactly the listed formats are served, each with its content type.
    const extension: Record<string, string> = { 'text/xml': 'xml', 'application/json': 'json' };
    const served: string[] = [];
    for (const candidate of ['xml', 'json', 'jsonp', 'csv', 'html']) {
      const res = await get(`/open311/v2/services.${candidate}`);
      if (res.statusCode === 200) served.push(String(res.headers['content-type']).split(';')[0] as string);
    }
    expect(served.sort()).toEqual([...doc.endpoints[0].formats].sort());
    for (const type of doc.endpoints[0].formats as string[]) {
      const res = await get(`/open311/v2/requests.${extension[type]}`);
      expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
    }
    // The endpoint's address is one a client can use.
    process.env.LINLI_OPEN311_URL = `${address}/open311/v2`;
    const url = (await get('/open311/discovery.json')).json().endpoints[0].url as string;
    expect((await fetch(`${url}/services.xml`)).status).toBe(200);
  });
});

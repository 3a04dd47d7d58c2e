import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPageCount, pdfText } from '../support/pdfText';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

type Summary = { id: string | null; communityId: string; address: { label: string } };

const MESSAGE = '社区工作人员今天来过您家，您不在。请方便时给社区打电话。';
const NOTICE = { message: MESSAGE, date: '2026-12-08', phone: '010-6888 8888' };

/** "3-2-401" as the printout writes it on the door. */
const onTheDoor = (label: string) => {
  const [building, entrance, room] = label.split('-');
  return `${building}号楼${entrance}单元${room}室`;
};

/**
 * Door notices (issue 23, "打印入户通知"): done or refused per household, once per Idempotency-Key, the
 * printout two to a page, in the household's history, and only for the office, on each database.
 */
describe.each(DIALECTS)('door notices on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let leader: SignedIn;
  let farWorker: SignedIn;
  let mine: Summary[];
  let far: Summary;
  let movedOut: Summary;
  let communityName: string;

  const count = async (table: 'door_notice' | 'door_notice_household') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, leader, farWorker] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'far.worker'),
    ]);
    const list = (await worker.get('/api/v1/households?limit=4&sort=address')).json().items as Summary[];
    mine = list.slice(0, 3);
    movedOut = list[3] as Summary;
    far = (await farWorker.get('/api/v1/households?limit=1')).json().items[0] as Summary;
    const out = await worker.post(`/api/v1/households/${movedOut.id}/move-out`, {
      date: '2026-11-28',
      reason: '搬去女儿家',
    });
    expect(out.statusCode, out.body).toBe(200);
    communityName = (
      await t.database.db
        .selectFrom('community')
        .select('name')
        .where('id', '=', mine[0]?.communityId as string)
        .executeTakeFirstOrThrow()
    ).name;
  });
  afterAll(async () => {
    await t?.close();
  });

  let noticeId: string;

  it('puts the notice on each door it may, refuses the rest one by one, and records a retry once', async () => {
    const body = { ...NOTICE, householdIds: [...mine.map((h) => h.id), movedOut.id, far.id] };
    const key = { 'idempotency-key': 'door-notice-0001' };
    // The register keeps no community phone: before the first notice there is none to start from.
    expect((await worker.get('/api/v1/register/door-notices/defaults')).json()).toEqual({ phone: null });
    const first = await worker.post('/api/v1/register/door-notices', body, key);
    expect(first.statusCode, first.body).toBe(200);
    const answer = first.json() as {
      id: string;
      done: { id: string }[];
      refused: { id: string; code: string; message: string }[];
    };
    expect(answer.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.done).toEqual(mine.map((h) => ({ id: h.id })));
    expect(answer.refused).toEqual([
      { id: movedOut.id, code: 'register.household_moved_out', message: '这户已经搬走了，不用再贴通知。' },
      // Another community's household answers exactly like one that does not exist.
      { id: far.id, code: 'registry.household_not_found', message: '找不到这户。' },
    ]);
    expect(first.body).not.toContain('远方');
    noticeId = answer.id;

    const again = await worker.post('/api/v1/register/door-notices', body, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(answer);
    expect(await count('door_notice')).toBe(1);
    expect(await count('door_notice_household')).toBe(3);
    // The next notice, by anyone of the office, starts from the phone printed last.
    const committee = await signIn(t.app, 'committee');
    expect((await committee.get('/api/v1/register/door-notices/defaults')).json()).toEqual({
      phone: NOTICE.phone,
    });
    expect((await farWorker.get('/api/v1/register/door-notices/defaults')).json()).toEqual({ phone: null });

    // The same key with other words is refused, not recorded.
    const other = await worker.post('/api/v1/register/door-notices', { ...body, message: '别的话' }, key);
    expect(other.statusCode, other.body).toBe(422);
    expect(await count('door_notice')).toBe(1);
  });

  it('prints one notice per half page, two to an A4 page, addressed to each door and signed by the community', async () => {
    const res = await worker.get(`/api/v1/register/door-notices/${noticeId}/pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBe(2);
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const h of mine) expect(text).toContain(`${onTheDoor(h.address.label)}住户：`);
    expect(text).not.toContain(onTheDoor(movedOut.address.label));
    expect(text).toContain(MESSAGE);
    expect(text).toContain(communityName);
    expect(text).toContain('电话：010-68888888');
    expect(text).toContain('2026年12月8日');
  });

  it('tells each household’s history that the notice was put up, with what it said', async () => {
    const history = (await worker.get(`/api/v1/households/${mine[0]?.id}/history`)).json() as {
      items: { action: string; changes: { field: string; to: string | null }[] }[];
    };
    const entry = history.items.find((i) => i.action === 'door_notice');
    expect(entry?.changes).toEqual([{ field: 'doorNotice', from: null, to: MESSAGE }]);
  });

  it('keeps another community’s notice out of reach: its printout is not found', async () => {
    const theirs = await farWorker.post('/api/v1/register/door-notices', {
      ...NOTICE,
      householdIds: [far.id],
    });
    expect(theirs.statusCode, theirs.body).toBe(200);
    const id = theirs.json().id as string;
    expect((await farWorker.get(`/api/v1/register/door-notices/${id}/pdf`)).statusCode).toBe(200);
    const res = await worker.get(`/api/v1/register/door-notices/${id}/pdf`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('register.door_notice_not_found');
    const unknown = await worker.get(
      '/api/v1/register/door-notices/00000000-0000-4000-8000-000000000000/pdf',
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('register.door_notice_not_found');
  });

  it('answers with no notice when no door could have one', async () => {
    const res = await worker.post('/api/v1/register/door-notices', { ...NOTICE, householdIds: [far.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: null, done: [], refused: [{ id: far.id }] });
  });

  it('is the office’s to do: a building leader is refused', async () => {
    const before = await count('door_notice');
    const res = await leader.post('/api/v1/register/door-notices', {
      ...NOTICE,
      householdIds: [mine[0]?.id],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
    expect(await count('door_notice')).toBe(before);
    expect((await leader.get(`/api/v1/register/door-notices/${noticeId}/pdf`)).statusCode).toBe(403);
    expect((await leader.get('/api/v1/register/door-notices/defaults')).statusCode).toBe(403);
  });

  it('answers bad input with a clear message in the caller’s language, never a 5xx', async () => {
    const householdIds = [mine[0]?.id];
    const bad: [Record<string, unknown>, string][] = [
      [{ ...NOTICE, householdIds: [] }, 'householdIds'],
      [{ ...NOTICE, householdIds: ['not-an-id'] }, 'householdIds.0'],
      [{ ...NOTICE, householdIds, message: '   ' }, 'message'],
      [{ ...NOTICE, householdIds, message: '很'.repeat(121) }, 'message'],
      [{ ...NOTICE, householdIds, date: '2026-13-45' }, 'date'],
      [{ ...NOTICE, householdIds, phone: '打电话' }, 'phone'],
      [{ householdIds }, 'message'],
    ];
    for (const [body, field] of bad) {
      const res = await worker.post('/api/v1/register/door-notices', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'request.invalid', field });
      expect(res.json().error.message).toMatch(/^提交的内容有误/);
    }
    const english = await worker.post(
      '/api/v1/register/door-notices',
      { ...NOTICE, householdIds, phone: 'x' },
      { 'accept-language': 'en' },
    );
    expect(english.statusCode).toBe(400);
    expect(english.json().error.message).toMatch(/^The request is not valid/);
    const refusedInEnglish = await worker.post(
      '/api/v1/register/door-notices',
      { ...NOTICE, householdIds: [far.id] },
      { 'accept-language': 'en' },
    );
    expect(refusedInEnglish.json().refused[0].message).toBe('Household not found.');
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/register/door-notices',
      payload: '{"householdIds": [',
      headers: {
        cookie: worker.cookie,
        'x-csrf-token': worker.csrfToken,
        'content-type': 'application/json',
      },
    });
    expect(notJson.statusCode).toBe(400);
  });
});

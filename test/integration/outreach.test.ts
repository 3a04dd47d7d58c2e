import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TOutreachEntry, TOutreachList } from '../../src/shared/contracts/outreach';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

async function sheetOf(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

describe.each(DIALECTS)('outreach lists (走访名单) on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let committee: SignedIn;
  let leader: SignedIn;
  let party: SignedIn;
  let subdistrict: SignedIn;
  let farWorker: SignedIn;
  let otherCommunity: SignedIn;
  /** Households of the worker's community, by address; the leader's own; the party member's others. */
  let all: { id: string; building_id: string }[];
  let leaderOwn: string[];
  let partyOnly: string[];
  let elsewhere: string[];
  let farHousehold: string;
  let movedOut: string;
  let list: TOutreachList;

  const entries = async (who: SignedIn, listId: string, query = '') => {
    const res = await who.get(`/api/v1/outreach/lists/${listId}/entries?limit=500${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { total: number; items: TOutreachEntry[] };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, committee, leader, party, subdistrict, farWorker, otherCommunity] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'partymember'),
      signIn(t.app, 'subdistrict'),
      signIn(t.app, 'far.worker'),
      signIn(t.app, 'c2.worker'),
    ]);
    const db = t.database.db;
    const c1 = t.seed.communityIds[0] as string;
    all = await db
      .selectFrom('household')
      .select(['id', 'building_id'])
      .where('community_id', '=', c1)
      .where('moved_out_at', 'is', null)
      .orderBy('id')
      .execute();
    const positionOf = async (username: string) =>
      (
        await db
          .selectFrom('liaison_position')
          .innerJoin('user_account', 'user_account.id', 'liaison_position.user_id')
          .select('liaison_position.id')
          .where('user_account.username', '=', username)
          .where('liaison_position.valid_to', 'is', null)
          .executeTakeFirstOrThrow()
      ).id;
    const leaderPosition = await positionOf('buildingleader');
    const partyPosition = await positionOf('partymember');
    const assigned = async (positionIds: string[]) =>
      (
        await db
          .selectFrom('household_assignment')
          .select('household_id')
          .where('position_id', 'in', positionIds)
          .where('valid_to', 'is', null)
          .execute()
      ).map((r) => r.household_id);
    leaderOwn = await assigned([leaderPosition]);
    const siblings = (
      await db.selectFrom('liaison_position').select('id').where('parent_id', '=', partyPosition).execute()
    ).map((p) => p.id);
    partyOnly = (await assigned([partyPosition, ...siblings])).filter((h) => !leaderOwn.includes(h));
    const partyAll = new Set([...leaderOwn, ...partyOnly]);
    elsewhere = all.map((h) => h.id).filter((h) => !partyAll.has(h));
    expect(leaderOwn.length).toBeGreaterThan(0);
    expect(partyOnly.length).toBeGreaterThan(0);
    expect(elsewhere.length).toBeGreaterThan(4);
    farHousehold = (
      await db
        .selectFrom('household')
        .select('id')
        .where('community_id', '=', t.farCommunityId)
        .executeTakeFirstOrThrow()
    ).id;
    movedOut = elsewhere.pop() as string;
    await db
      .updateTable('household')
      .set({ moved_out_at: t.clock().toISOString() })
      .where('id', '=', movedOut)
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a worker makes a list; it is listed with its counts', async () => {
    const res = await worker.post('/api/v1/outreach/lists', {
      title: '冬季高龄独居老人走访',
      purpose: '讲取暖补贴，看看暖气',
      dueOn: '2026-12-20',
    });
    expect(res.statusCode, res.body).toBe(200);
    list = res.json();
    expect(list).toMatchObject({
      title: '冬季高龄独居老人走访',
      purpose: '讲取暖补贴，看看暖气',
      dueOn: '2026-12-20',
      closedAt: null,
      mayManage: true,
      counts: { households: 0, reached: 0, notHome: 0, declined: 0, pending: 0 },
    });
    const lists = (await committee.get('/api/v1/outreach/lists')).json().items as TOutreachList[];
    expect(lists.map((l) => l.id)).toContain(list.id);
  });

  it('adds households one by one: done, already listed, another community, moved out', async () => {
    const mine = [leaderOwn[0], partyOnly[0], elsewhere[0]] as string[];
    const res = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, {
      householdIds: [...mine, mine[0], farHousehold, movedOut],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(ids(body.done)).toEqual([...mine].sort());
    expect(body.refused).toEqual(
      expect.arrayContaining([
        { id: farHousehold, code: 'registry.household_not_found', message: '找不到这户。' },
        { id: movedOut, code: 'outreach.moved_out', message: '这户已经搬走了。' },
      ]),
    );
    expect(body.refused).toHaveLength(2);
    expect(res.body).not.toContain('远方');
    // The attempt on another community's household is audited as a denial.
    const denied = await t.database.db
      .selectFrom('audit_event')
      .select('target_id')
      .where('action', '=', 'access.denied')
      .where('target_id', '=', farHousehold)
      .execute();
    expect(denied.length).toBeGreaterThan(0);

    const again = await worker.post(
      `/api/v1/outreach/lists/${list.id}/households`,
      { householdIds: [mine[0]] },
      { 'accept-language': 'en' },
    );
    expect(again.json()).toEqual({
      done: [],
      refused: [{ id: mine[0], code: 'outreach.already_listed', message: 'Already on the list.' }],
    });
    const zh = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, { householdIds: [mine[0]] });
    expect(zh.json().refused[0].message).toBe('已在名单上。');
    expect((await entries(worker, list.id)).total).toBe(3);
  });

  it('a retry with the same Idempotency-Key takes effect once and answers the first answer', async () => {
    const key = { 'idempotency-key': 'outreach-add-0001' };
    const body = { householdIds: [elsewhere[1]] };
    const first = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, body, key);
    const second = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, body, key);
    expect(first.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(first.json().done).toEqual([{ id: elsewhere[1] }]);
    expect((await entries(worker, list.id)).total).toBe(4);
    const other = await worker.post(
      `/api/v1/outreach/lists/${list.id}/households`,
      { householdIds: [elsewhere[2]] },
      key,
    );
    expect(other.statusCode).toBe(422);
    expect((await entries(worker, list.id)).total).toBe(4);

    const create = { title: '新搬来住户上门登记' };
    const made = await worker.post('/api/v1/outreach/lists', create, {
      'idempotency-key': 'outreach-new-0001',
    });
    const remade = await worker.post('/api/v1/outreach/lists', create, {
      'idempotency-key': 'outreach-new-0001',
    });
    expect(remade.json().id).toBe(made.json().id);
    const count = await t.database.db
      .selectFrom('outreach_list')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('title', '=', '新搬来住户上门登记')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('a building leader sees only their own doors on it, and a party member those of their subtree', async () => {
    const leaderLists = (await leader.get('/api/v1/outreach/lists')).json().items as TOutreachList[];
    const seen = leaderLists.find((l) => l.id === list.id);
    expect(seen?.counts.households).toBe(1);
    expect(seen?.mayManage).toBe(false);
    // The other list has none of the leader's doors: not listed, and not found.
    expect(leaderLists.map((l) => l.title)).not.toContain('新搬来住户上门登记');
    const leaderEntries = await entries(leader, list.id);
    expect(leaderEntries.items.map((e) => e.householdId)).toEqual([leaderOwn[0]]);
    expect(leaderEntries.items[0]?.mayRecord).toBe(true);
    const partyEntries = await entries(party, list.id);
    expect(partyEntries.items.map((e) => e.householdId).sort()).toEqual([leaderOwn[0], partyOnly[0]].sort());
    // The worker and the committee see every door.
    expect((await entries(committee, list.id)).total).toBe(4);
  });

  it('a building leader cannot add households, make or close a list', async () => {
    expect((await leader.post('/api/v1/outreach/lists', { title: 'x' })).statusCode).toBe(403);
    expect(
      (await leader.post(`/api/v1/outreach/lists/${list.id}/households`, { householdIds: [leaderOwn[0]] }))
        .statusCode,
    ).toBe(403);
    expect((await leader.post(`/api/v1/outreach/lists/${list.id}/close`)).statusCode).toBe(403);
  });

  it('the subdistrict reads but does not change; another community gets 404 for everything', async () => {
    expect((await subdistrict.get(`/api/v1/outreach/lists/${list.id}`)).statusCode).toBe(200);
    expect((await entries(subdistrict, list.id)).total).toBe(4);
    expect((await subdistrict.post('/api/v1/outreach/lists', { title: 'x' })).statusCode).toBe(403);
    for (const stranger of [farWorker, otherCommunity]) {
      const lists = (await stranger.get('/api/v1/outreach/lists')).json().items as TOutreachList[];
      expect(lists.map((l) => l.id)).not.toContain(list.id);
      for (const url of [
        `/api/v1/outreach/lists/${list.id}`,
        `/api/v1/outreach/lists/${list.id}/entries`,
        `/api/v1/outreach/lists/${list.id}/export`,
      ]) {
        const res = await stranger.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error.code).toBe('outreach.list_not_found');
      }
      const add = await stranger.post(`/api/v1/outreach/lists/${list.id}/households`, {
        householdIds: [elsewhere[3]],
      });
      expect(add.statusCode).toBe(404);
      expect((await stranger.post(`/api/v1/outreach/lists/${list.id}/close`)).statusCode).toBe(404);
    }
    expect((await entries(worker, list.id)).total).toBe(4);
  });

  it('records what happened at a door: the leader their own, not another’s (404)', async () => {
    const all4 = (await entries(worker, list.id)).items;
    const own = all4.find((e) => e.householdId === leaderOwn[0]) as TOutreachEntry;
    const notOwn = all4.find((e) => e.householdId === partyOnly[0]) as TOutreachEntry;
    const res = await leader.post(
      `/api/v1/outreach/entries/${own.id}/outcome`,
      { outcome: 'reached', note: '暖气正常' },
      { 'idempotency-key': 'outcome-key-0001' },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'reached', note: '暖气正常' });
    expect(res.json().recordedBy).toBeTruthy();
    const replay = await leader.post(
      `/api/v1/outreach/entries/${own.id}/outcome`,
      { outcome: 'reached', note: '暖气正常' },
      { 'idempotency-key': 'outcome-key-0001' },
    );
    expect(replay.statusCode).toBe(200);
    const recorded = await t.database.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'outreach.outcome')
      .where('target_id', '=', own.id)
      .execute();
    expect(recorded).toHaveLength(1);

    const refused = await leader.post(`/api/v1/outreach/entries/${notOwn.id}/outcome`, {
      outcome: 'reached',
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('outreach.entry_not_found');
    // The party member above may record it.
    const byParty = await party.post(`/api/v1/outreach/entries/${notOwn.id}/outcome`, {
      outcome: 'not_home',
    });
    expect(byParty.statusCode, byParty.body).toBe(200);
    expect(
      (await farWorker.post(`/api/v1/outreach/entries/${own.id}/outcome`, { outcome: 'declined' }))
        .statusCode,
    ).toBe(404);
    const listed = (await worker.get(`/api/v1/outreach/lists/${list.id}`)).json() as TOutreachList;
    expect(listed.counts).toEqual({ households: 4, reached: 1, notHome: 1, declined: 0, pending: 2 });
  });

  it('pages, sorts and filters the entries, with the total', async () => {
    const more = elsewhere.slice(3, 11);
    const added = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, { householdIds: more });
    expect(added.json().done).toHaveLength(more.length);
    const whole = await entries(worker, list.id);
    expect(whole.total).toBe(4 + more.length);
    const page = (
      await worker.get(`/api/v1/outreach/lists/${list.id}/entries?limit=3&offset=3&sort=address`)
    ).json();
    expect(page.total).toBe(whole.total);
    expect(page.items.map((e: TOutreachEntry) => e.id)).toEqual(whole.items.slice(3, 6).map((e) => e.id));
    const labels = whole.items.map((e) => e.address);
    const sorted = [...labels].sort(
      (a, b) =>
        a.buildingNumber.localeCompare(b.buildingNumber) ||
        a.entranceNumber.localeCompare(b.entranceNumber) ||
        a.floor - b.floor ||
        a.room.localeCompare(b.room),
    );
    expect(labels).toEqual(sorted);
    const reached = await entries(worker, list.id, '&outcome=reached');
    expect(reached.total).toBe(1);
    expect(reached.items[0]?.householdId).toBe(leaderOwn[0]);
    const pending = await entries(worker, list.id, '&outcome=pending');
    expect(pending.total).toBe(whole.total - 2);
    const building = all.find((h) => h.id === more[0])?.building_id as string;
    const inBuilding = await entries(worker, list.id, `&buildingId=${building}`);
    const expected = whole.items.filter(
      (e) => all.find((h) => h.id === e.householdId)?.building_id === building,
    );
    expect(inBuilding.total).toBe(expected.length);
    expect(inBuilding.items.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    for (const sort of ['recorded', '-recorded']) {
      const byRecorded = (
        await worker.get(`/api/v1/outreach/lists/${list.id}/entries?sort=${sort}&limit=2`)
      ).json().items as TOutreachEntry[];
      expect(byRecorded.map((e) => e.outcome).every((o) => o !== 'pending')).toBe(true);
    }
  });

  it('exports the list as .xlsx with the shown columns, and audits the export', async () => {
    const res = await worker.get(
      `/api/v1/outreach/lists/${list.id}/export?outcome=reached&columns=address,outcome,note`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('走访名单.xlsx'));
    const rows = await sheetOf(res.rawPayload);
    expect(rows[0]).toEqual(['冬季高龄独居老人走访']);
    expect(rows[1]).toEqual(['门牌', '走访结果', '说明']);
    expect(rows.slice(2)).toHaveLength(1);
    expect(rows[2]?.[1]).toBe('见到了');
    expect(rows[2]?.[2]).toBe('暖气正常');
    const english = await worker.get(`/api/v1/outreach/lists/${list.id}/export`, { 'accept-language': 'en' });
    const enRows = await sheetOf(english.rawPayload);
    expect(enRows[1]?.[0]).toBe('Address');
    expect(enRows.length - 2).toBe((await entries(worker, list.id)).total);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'target_id', 'detail'])
      .where('action', '=', 'outreach.export')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]?.target_id).toBe(list.id);
    const detail = JSON.parse(String(audit[0]?.detail));
    expect(detail).toMatchObject({ rows: 1, columns: ['address', 'outcome', 'note'] });
    expect(detail.householdIds).toEqual([leaderOwn[0]]);
    // Building leaders record; they do not export.
    expect((await leader.get(`/api/v1/outreach/lists/${list.id}/export`)).statusCode).toBe(403);
  });

  it('answers bad input with a clear 400 in the caller’s language', async () => {
    const empty = await worker.post('/api/v1/outreach/lists', { title: '  ' }, { 'accept-language': 'en' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'request.invalid', field: 'title' });
    expect(empty.json().error.message).toMatch(/^The request is not valid/);
    const badDate = await worker.post('/api/v1/outreach/lists', { title: '走访', dueOn: '2026-13-45' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toMatch(/^提交的内容有误/);
    const badIds = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, { householdIds: ['x'] });
    expect(badIds.statusCode).toBe(400);
    const none = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, { householdIds: [] });
    expect(none.statusCode).toBe(400);
    const entry = (await entries(worker, list.id)).items[0] as TOutreachEntry;
    const badOutcome = await worker.post(`/api/v1/outreach/entries/${entry.id}/outcome`, {
      outcome: 'maybe',
    });
    expect(badOutcome.statusCode).toBe(400);
    expect(badOutcome.json().error.field).toBe('outcome');
    const badSort = await worker.get(`/api/v1/outreach/lists/${list.id}/entries?sort=nonsense`);
    expect(badSort.statusCode).toBe(400);
    const badColumns = await worker.get(`/api/v1/outreach/lists/${list.id}/export?columns=address,salary`);
    expect(badColumns.statusCode).toBe(400);
    expect((await worker.get('/api/v1/outreach/lists/not-a-uuid')).statusCode).toBe(400);
  });

  it('takes a household added by mistake off an open list, once; not a visited door, nor for anyone else', async () => {
    const made = (
      await worker.post('/api/v1/outreach/lists', { title: '楼道杂物清理通知' })
    ).json() as TOutreachList;
    await worker.post(`/api/v1/outreach/lists/${made.id}/households`, {
      householdIds: [elsewhere[0], elsewhere[1]],
    });
    const [mistake, visited] = (await entries(worker, made.id)).items as [TOutreachEntry, TOutreachEntry];
    const removeUrl = (entry: TOutreachEntry) => `/api/v1/outreach/entries/${entry.id}/remove`;

    // Not theirs to change: another community's office and the far worker find no such door; the
    // subdistrict and the chain may not change lists at all.
    for (const stranger of [farWorker, otherCommunity]) {
      const res = await stranger.post(removeUrl(mistake));
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('outreach.entry_not_found');
    }
    for (const reader of [subdistrict, leader, party])
      expect((await reader.post(removeUrl(mistake))).statusCode).toBe(403);
    const denied = await t.database.db
      .selectFrom('audit_event')
      .select('target_id')
      .where('action', '=', 'access.denied')
      .where('target_type', '=', 'outreach_entry')
      .where('target_id', '=', mistake.id)
      .execute();
    expect(denied).toHaveLength(2);

    const key = { 'idempotency-key': 'outreach-remove-0001' };
    const first = await worker.post(removeUrl(mistake), undefined, key);
    expect(first.statusCode, first.body).toBe(200);
    expect((first.json() as TOutreachList).counts.households).toBe(1);
    const retried = await worker.post(removeUrl(mistake), undefined, key);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(first.json());
    expect((await entries(worker, made.id)).items.map((e) => e.id)).toEqual([visited.id]);
    const again = await committee.post(removeUrl(mistake));
    expect(again.statusCode).toBe(404);
    const audited = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'detail'])
      .where('action', '=', 'outreach.entry_remove')
      .where('target_id', '=', mistake.id)
      .execute();
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]?.detail ?? '{}')).toEqual({
      listId: made.id,
      householdId: mistake.householdId,
    });

    // A door someone has been to is the list's history: it stays, with the reason in the caller's language.
    await worker.post(`/api/v1/outreach/entries/${visited.id}/outcome`, { outcome: 'not_home' });
    const kept = await worker.post(removeUrl(visited), undefined, { 'accept-language': 'en' });
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error).toMatchObject({
      code: 'outreach.entry_recorded',
      message: 'A visit has been recorded for this household, so it cannot be taken off the list.',
    });
    await worker.post(`/api/v1/outreach/entries/${visited.id}/outcome`, { outcome: 'pending' });
    await worker.post(`/api/v1/outreach/lists/${made.id}/close`);
    const closed = await worker.post(removeUrl(visited));
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('outreach.list_closed');
    expect((await entries(worker, made.id)).total).toBe(1);
  });

  it('a closed list keeps its doors but takes no more changes', async () => {
    const closed = await worker.post(`/api/v1/outreach/lists/${list.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closedAt).toBeTruthy();
    expect(closed.json().mayManage).toBe(false);
    const open = (await worker.get('/api/v1/outreach/lists')).json().items as TOutreachList[];
    expect(open.map((l) => l.id)).not.toContain(list.id);
    const closedLists = (await worker.get('/api/v1/outreach/lists?state=closed')).json()
      .items as TOutreachList[];
    expect(closedLists.map((l) => l.id)).toContain(list.id);
    const add = await worker.post(`/api/v1/outreach/lists/${list.id}/households`, {
      householdIds: [elsewhere[2]],
    });
    expect(add.statusCode).toBe(409);
    const entry = (await entries(worker, list.id)).items[0] as TOutreachEntry;
    expect(entry.mayRecord).toBe(false);
    const record = await worker.post(`/api/v1/outreach/entries/${entry.id}/outcome`, { outcome: 'reached' });
    expect(record.statusCode).toBe(409);
  });

  it('lists every outreach route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/outreach'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(routes).toEqual(
      [
        'GET /api/v1/outreach/lists',
        'POST /api/v1/outreach/lists',
        'GET /api/v1/outreach/lists/{id}',
        'GET /api/v1/outreach/lists/{id}/entries',
        'GET /api/v1/outreach/lists/{id}/export',
        'POST /api/v1/outreach/lists/{id}/households',
        'POST /api/v1/outreach/lists/{id}/close',
        'POST /api/v1/outreach/entries/{id}/outcome',
        'POST /api/v1/outreach/entries/{id}/remove',
      ].sort(),
    );
  });
});

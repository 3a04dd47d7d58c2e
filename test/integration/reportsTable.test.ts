import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents } from '../../src/server/audit/audit.repository';
import { escalateDue } from '../../src/server/reports/escalation';
import { openFeedBus } from '../../src/server/reports/feed';
import type { TLiaisonNode } from '../../src/shared/contracts/liaison';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

type Item = {
  id: string;
  category: string;
  urgency: string;
  state: string;
  createdAt: string;
  feedbackDueAt: string;
};

/**
 * The reports table (issue 23): every filter, sort, paging and total of GET /api/v1/reports, and the bulk
 * acknowledge and assign, on each database. The clock starts on Sunday 29 November 2026, 10:00 in China.
 */
describe.each(DIALECTS)('the reports table on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let committee: SignedIn;
  let leader: SignedIn;
  const ids: Record<string, string> = {};
  let buildingA: { id: string; number: string };
  let buildingB: { id: string; number: string };
  let committeeUserId: string;

  const list = async (s: SignedIn, query: string) => {
    const res = await s.get(`/api/v1/reports?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; total: number };
  };
  const idsOf = (page: { items: Item[] }) => page.items.map((r) => r.id);
  const named = (...names: string[]) => names.map((n) => ids[n]);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, committee, leader] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'buildingleader'),
    ]);
    const buildings = (await worker.get('/api/v1/buildings')).json().items as {
      id: string;
      number: string;
    }[];
    [buildingA, buildingB] = buildings as [typeof buildingA, typeof buildingB];
    const householdOf = async (buildingId: string) =>
      (await worker.get(`/api/v1/households?buildingId=${buildingId}&limit=1`)).json().items[0].id as string;
    const [inA, inB] = await Promise.all([householdOf(buildingA.id), householdOf(buildingB.id)]);
    committeeUserId = (await committee.get('/api/v1/auth/me')).json().user.id;
    const record = async (name: string, s: SignedIn, body: Record<string, unknown>) => {
      const res = await s.post('/api/v1/reports', body);
      expect(res.statusCode, res.body).toBe(200);
      ids[name] = res.json().id;
    };
    // A day later, people sign in afresh, as they would.
    const day = async () => {
      t.clock.advanceMinutes(24 * 60);
      [worker, committee, leader] = await Promise.all([
        signIn(t.app, 'worker'),
        signIn(t.app, 'committee'),
        signIn(t.app, 'buildingleader'),
      ]);
    };
    // Sunday
    await record('lamp', worker, { category: 'repairs', householdId: inA, description: '楼道灯坏了' });
    t.clock.advanceMinutes(1);
    await record('rubbish', worker, {
      category: 'sanitation',
      buildingId: buildingB.id,
      description: '垃圾没人清',
    });
    await day(); // Monday
    await record('noise', worker, {
      category: 'neighbour_dispute',
      householdId: inA,
      description: '楼上噪音 100%_到半夜',
      onBehalfOfName: '王大爷',
    });
    await day(); // Tuesday
    await record('fall', worker, {
      category: 'health_emergency',
      householdId: inA,
      description: '老人摔倒了',
    });
    await day(); // Wednesday
    await record('pipe', committee, { category: 'repairs', householdId: inB, description: '水管漏水' });
    // The lamp is acknowledged: its ladder stops, and its feedback is due next Sunday.
    const ack = await worker.post(`/api/v1/reports/${ids.lamp}/transition`, { action: 'acknowledge' });
    expect(ack.statusCode, ack.body).toBe(200);
    t.clock.advanceMinutes(60);
    [worker, committee, leader] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'buildingleader'),
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const mine = (page: { items: Item[] }) => idsOf(page).filter((id) => Object.values(ids).includes(id));

  it('answers a page, its total, and pages that neither overlap nor skip', async () => {
    const all = await list(worker, 'state=all');
    expect(all.total).toBe(5);
    expect(idsOf(all)).toEqual(named('pipe', 'fall', 'noise', 'rubbish', 'lamp'));
    const pages = [];
    for (const offset of [0, 2, 4]) pages.push(await list(worker, `state=all&limit=2&offset=${offset}`));
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
    expect(pages.flatMap(idsOf)).toEqual(idsOf(all));
    expect((await list(worker, 'state=all&limit=2&offset=10')).items).toEqual([]);
    // The phone's call, unchanged: open reports, newest first.
    const phone = await list(worker, '');
    expect(idsOf(phone)).toEqual(named('pipe', 'fall', 'noise', 'rubbish', 'lamp'));
  });

  it('sorts by created, deadline, urgency, state and category, either way', async () => {
    expect(idsOf(await list(worker, 'state=all&sort=created&order=asc'))).toEqual(
      named('lamp', 'rubbish', 'noise', 'fall', 'pipe'),
    );
    // As the desk tables send it: `-field` descending, `field` ascending.
    expect(idsOf(await list(worker, 'state=all&sort=created'))).toEqual(
      named('lamp', 'rubbish', 'noise', 'fall', 'pipe'),
    );
    expect(idsOf(await list(worker, 'state=all&sort=-created'))).toEqual(
      named('pipe', 'fall', 'noise', 'rubbish', 'lamp'),
    );
    const deadline = await list(worker, 'state=all&sort=deadline&order=asc');
    const dues = deadline.items.map((r) => r.feedbackDueAt);
    expect(dues).toEqual([...dues].sort());
    expect(deadline.items[0]?.id).toBe(ids.fall); // an emergency is due within 2 hours
    expect(idsOf(await list(worker, 'state=all&sort=urgency&order=desc'))[0]).toBe(ids.fall);
    expect(idsOf(await list(worker, 'state=all&sort=urgency&order=asc')).at(-1)).toBe(ids.fall);
    const byState = await list(worker, 'state=all&sort=state&order=asc');
    expect(byState.items.map((r) => r.state)).toEqual(['acknowledged', 'new', 'new', 'new', 'new']);
    const byCategory = await list(worker, 'state=all&sort=category&order=asc');
    const categories = byCategory.items.map((r) => r.category);
    expect(categories).toEqual([...categories].sort());
  });

  it('filters by state, category, urgency, building and household', async () => {
    expect(idsOf(await list(worker, 'states=acknowledged'))).toEqual(named('lamp'));
    expect(idsOf(await list(worker, 'state=closed'))).toEqual([]);
    expect(idsOf(await list(worker, 'state=all&category=repairs'))).toEqual(named('pipe', 'lamp'));
    expect(idsOf(await list(worker, 'state=all&category=repairs,sanitation'))).toEqual(
      named('pipe', 'rubbish', 'lamp'),
    );
    expect(idsOf(await list(worker, 'state=all&urgency=emergency'))).toEqual(named('fall'));
    expect(idsOf(await list(worker, `state=all&buildingId=${buildingB.id}`))).toEqual(
      named('pipe', 'rubbish'),
    );
    const inA = await list(worker, `state=all&buildingId=${buildingA.id}`);
    expect(idsOf(inA)).toEqual(named('fall', 'noise', 'lamp'));
    expect(inA.total).toBe(3);
  });

  it('filters by the responsible tier and person, and by who recorded it', async () => {
    const leaders = await list(worker, 'state=all&responsibleTier=building_leader');
    expect(mine(leaders)).toEqual(named('pipe', 'fall', 'lamp'));
    // A report about a whole building recorded in the office stays with the committee.
    expect(idsOf(await list(worker, 'state=all&responsibleTier=committee'))).toEqual(named('rubbish'));
    expect(idsOf(await list(worker, 'state=all&responsibleTier=party_member'))).toEqual(named('noise'));
    const noise = (await worker.get(`/api/v1/reports/${ids.noise}`)).json();
    const person = await t.database.db
      .selectFrom('report')
      .select('responsible_position_id')
      .where('id', '=', ids.noise as string)
      .executeTakeFirstOrThrow();
    expect(noise.responsible).not.toBeNull();
    expect(
      idsOf(await list(worker, `state=all&responsiblePositionId=${person.responsible_position_id}`)),
    ).toContain(ids.noise);
    expect(idsOf(await list(worker, `state=all&recordedByUserId=${committeeUserId}`))).toEqual(named('pipe'));
  });

  it('filters by overdue: past the acknowledgement window or the feedback deadline, and open', async () => {
    // Wednesday 11:00: the emergency's two hours are long gone; Sunday's and Monday's reports missed their
    // one working day to be acknowledged; the lamp was acknowledged; the pipe was recorded an hour ago.
    expect(idsOf(await list(worker, 'state=all&overdue=true'))).toEqual(named('fall', 'noise', 'rubbish'));
    expect(idsOf(await list(worker, 'state=all&overdue=false'))).toEqual(named('pipe', 'lamp'));
    // Climbing the ladder gives the next tier a fresh deadline; the report is still late.
    const bus = await openFeedBus(t.database);
    try {
      await escalateDue({ db: t.database.db, clock: t.clock, feed: bus });
    } finally {
      await bus.close();
    }
    const escalated = await t.database.db
      .selectFrom('report_escalation')
      .select('report_id')
      .where('step', '>', 0)
      .where('report_id', 'in', named('fall', 'noise', 'rubbish') as string[])
      .execute();
    expect(escalated.length).toBeGreaterThan(0);
    expect(idsOf(await list(worker, 'state=all&overdue=true'))).toEqual(named('fall', 'noise', 'rubbish'));
  });

  it('filters by the community calendar days recorded, both ends included', async () => {
    expect(idsOf(await list(worker, 'state=all&from=2026-11-30&to=2026-12-01'))).toEqual(
      named('fall', 'noise'),
    );
    expect(idsOf(await list(worker, 'state=all&to=2026-11-29'))).toEqual(named('rubbish', 'lamp'));
    expect(idsOf(await list(worker, 'state=all&from=2026-12-02'))).toEqual(named('pipe'));
  });

  it('finds words in the description or the name it was recorded for, wildcards as letters', async () => {
    expect(idsOf(await list(worker, `state=all&q=${encodeURIComponent('漏水')}`))).toEqual(named('pipe'));
    expect(idsOf(await list(worker, `state=all&q=${encodeURIComponent('王大爷')}`))).toEqual(named('noise'));
    expect(idsOf(await list(worker, `state=all&q=${encodeURIComponent('100%_')}`))).toEqual(named('noise'));
    expect(idsOf(await list(worker, `state=all&q=${encodeURIComponent('%')}`))).toEqual(named('noise'));
  });

  it('keeps every filter within the caller’s scope', async () => {
    const far = await signIn(t.app, 'c2.committee');
    expect(await list(far, 'state=all')).toEqual({ items: [], total: 0 });
    const leaderPage = await list(leader, 'state=all');
    expect(leaderPage.total).toBe(leaderPage.items.length);
    expect(leaderPage.total).toBeLessThan(5);
  });

  it('answers bad filters with a clear error in the caller’s language', async () => {
    const bad = await worker.get('/api/v1/reports?sort=colour', { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');
    const zh = await worker.get('/api/v1/reports?from=yesterday');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await worker.get('/api/v1/reports?states=lost')).statusCode).toBe(400);
    expect((await worker.get('/api/v1/reports?limit=0')).statusCode).toBe(400);
  });

  describe('bulk', () => {
    it('acknowledges many at once, each once, and says what it refused and why', async () => {
      const body = { action: 'acknowledge', ids: named('rubbish', 'noise', 'lamp') };
      const first = await worker.post('/api/v1/reports/bulk', body, { 'idempotency-key': 'bulk-ack-1' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().done).toEqual(named('rubbish', 'noise').map((id) => ({ id })));
      expect(first.json().refused).toEqual([
        { id: ids.lamp, code: 'reports.wrong_state', message: '这条诉求现在的状态不能这样处理。' },
      ]);
      // The same request again: the first answer, and nothing happens twice.
      const again = await worker.post('/api/v1/reports/bulk', body, { 'idempotency-key': 'bulk-ack-1' });
      expect(again.json()).toEqual(first.json());
      const events = await t.database.db
        .selectFrom('report_event')
        .select(['report_id'])
        .where('kind', '=', 'acknowledge')
        .where('report_id', 'in', named('rubbish', 'noise') as string[])
        .execute();
      expect(events).toHaveLength(2);
      // Without the key, a second copy finds them already acknowledged.
      const unkeyed = await worker.post('/api/v1/reports/bulk', body, { 'accept-language': 'en' });
      expect(unkeyed.json().done).toEqual([]);
      expect(unkeyed.json().refused.map((r: { message: string }) => r.message)).toEqual([
        'This report cannot be handled this way in its current state.',
        'This report cannot be handled this way in its current state.',
        'This report cannot be handled this way in its current state.',
      ]);
      expect(idsOf(await list(worker, 'states=acknowledged'))).toEqual(named('noise', 'rubbish', 'lamp'));
      const steps = await t.database.db
        .selectFrom('report_escalation')
        .select('id')
        .where('report_id', 'in', named('rubbish', 'noise') as string[])
        .where('done_at', 'is', null)
        .execute();
      expect(steps).toEqual([]);
    });

    it('refuses ids outside the scope exactly as ids that do not exist, and audits the attempt', async () => {
      const far = await signIn(t.app, 'far.committee');
      const farHousehold = (await far.get('/api/v1/households?limit=1')).json().items[0].id;
      const farReport = (
        await far.post('/api/v1/reports', {
          category: 'repairs',
          householdId: farHousehold,
          description: '远处的灯',
        })
      ).json().id as string;
      const nobody = '00000000-0000-4000-8000-000000000000';
      const before = await countAuditEvents(t.database.db, { action: 'access.denied' });
      const res = await worker.post('/api/v1/reports/bulk', {
        action: 'acknowledge',
        ids: [farReport, nobody, ids.pipe],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().done).toEqual([{ id: ids.pipe }]);
      const refused = res.json().refused as { id: string; code: string; message: string }[];
      expect(refused).toEqual([
        { id: farReport, code: 'reports.not_found', message: '找不到这条诉求。' },
        { id: nobody, code: 'reports.not_found', message: '找不到这条诉求。' },
      ]);
      expect(await countAuditEvents(t.database.db, { action: 'access.denied' })).toBe(before + 2);
      // The far report is untouched.
      expect((await far.get(`/api/v1/reports/${farReport}`)).json().state).toBe('new');
    });

    it('assigns many to one person of the chain; the chain itself may not', async () => {
      const tree = (await worker.get('/api/v1/liaison/tree')).json();
      const flat: TLiaisonNode[] = [];
      const walk = (n: TLiaisonNode) => {
        flat.push(n);
        n.children.forEach(walk);
      };
      tree.roots.forEach(walk);
      const partyMember = flat.find((n) => n.tier === 'party_member') as TLiaisonNode;
      const body = { action: 'assign', ids: named('fall', 'pipe'), positionId: partyMember.positionId };
      const res = await worker.post('/api/v1/reports/bulk', body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ done: named('fall', 'pipe').map((id) => ({ id })), refused: [] });
      const fall = (await worker.get(`/api/v1/reports/${ids.fall}`)).json();
      expect(fall.responsible.name).toBe(partyMember.personName);
      expect(fall.responsibleTier).toBe('party_member');
      // (The escalation run earlier shares this clock's minute: the order of the two is not the point.)
      const assigned = fall.timeline.filter((e: { kind: string }) => e.kind === 'assigned');
      expect(assigned).toHaveLength(1);
      expect(assigned[0].detail.to).toBe(partyMember.personName);
      const repeat = await worker.post('/api/v1/reports/bulk', body);
      expect(repeat.json().refused.map((r: { code: string }) => r.code)).toEqual([
        'reports.already_assigned',
        'reports.already_assigned',
      ]);
      expect((await leader.post('/api/v1/reports/bulk', body)).statusCode).toBe(403);
      const farTree = (await (await signIn(t.app, 'far.committee')).get('/api/v1/liaison/tree')).json();
      const elsewhere = await worker.post('/api/v1/reports/bulk', {
        ...body,
        positionId: farTree.roots[0].positionId,
      });
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.json().error.code).toBe('reports.position_not_found');
      const audited = await countAuditEvents(t.database.db, { action: 'reports.assign' });
      expect(audited).toBe(2);
    });

    it('answers a bad bulk body with a clear error', async () => {
      const res = await worker.post(
        '/api/v1/reports/bulk',
        { action: 'acknowledge', ids: [] },
        { 'accept-language': 'en' },
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('request.invalid');
      expect(
        (await worker.post('/api/v1/reports/bulk', { action: 'assign', ids: [ids.fall] })).statusCode,
      ).toBe(400);
    });
  });

  describe('export', () => {
    const readBook = async (body: Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(body as unknown as ArrayBuffer);
      const sheet = book.worksheets[0] as ExcelJS.Worksheet;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return { sheet, rows };
    };

    it('exports exactly the filtered, sorted rows with real cells and a frozen header, and audits it', async () => {
      const query = `state=all&category=repairs,sanitation&sort=created&order=asc`;
      const shown = await list(worker, query);
      const before = await countAuditEvents(t.database.db, { action: 'reports.export' });
      const res = await worker.get(
        `/api/v1/reports.xlsx?${query}&columns=createdAt,category,state,place,description,overdue`,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const { sheet, rows } = await readBook(res.rawPayload);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(rows[0]).toEqual(['记录时间', '类别', '状态', '地点', '内容', '超期']);
      expect(rows.slice(1).map((r) => r[4])).toEqual(
        shown.items.map((r) => (r as unknown as { description: string }).description),
      );
      expect(rows[1]?.[0]).toBeInstanceOf(Date);
      // China time, as the table shows it: the lamp was recorded at 10:00 on Sunday.
      expect((rows[1] as [Date])[0].toISOString()).toBe('2026-11-29T10:00:00.000Z');
      expect(rows[1]?.[1]).toBe('维修');
      expect(await countAuditEvents(t.database.db, { action: 'reports.export' })).toBe(before + 1);
      const en = await worker.get(`/api/v1/reports.xlsx?${query}&columns=state`, { 'accept-language': 'en' });
      expect((await readBook(en.rawPayload)).rows[0]).toEqual(['State']);
    });

    it('keeps the export within the caller’s scope', async () => {
      const far = await signIn(t.app, 'c2.committee');
      const { rows } = await readBook((await far.get('/api/v1/reports.xlsx?state=all')).rawPayload);
      expect(rows).toHaveLength(1); // the header alone
      const own = await list(leader, 'state=all');
      const mineOnly = await readBook(
        (await leader.get('/api/v1/reports.xlsx?state=all&columns=description')).rawPayload,
      );
      expect(mineOnly.rows).toHaveLength(own.total + 1);
    });

    it('gives the reporter’s phone only to the office, and audits the export that carries it', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/public/buildings/${buildingB.id}/reports`,
        payload: { category: 'repairs', description: '电梯不动了', phone: '13812345678' },
        remoteAddress: '10.9.9.9',
      });
      expect(res.statusCode, res.body).toBe(200);
      const query = `state=all&q=${encodeURIComponent('电梯')}&columns=description,reporterPhone`;
      const office = await readBook((await worker.get(`/api/v1/reports.xlsx?${query}`)).rawPayload);
      expect(office.rows).toEqual([
        ['内容', '反映人电话'],
        ['电梯不动了', '13812345678'],
      ]);
      const audit = await t.database.db
        .selectFrom('audit_event')
        .select(['field_class', 'detail'])
        .where('action', '=', 'reports.export')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(audit.field_class).toBe('contact');
      expect(JSON.parse(audit.detail as string).phoneReportIds).toHaveLength(1);
      const chain = await readBook((await leader.get(`/api/v1/reports.xlsx?${query}`)).rawPayload);
      expect(chain.rows[0]).toEqual(['内容']);
      expect(JSON.stringify(chain.rows)).not.toContain('13812345678');
    });

    it('refuses bad columns with a clear error', async () => {
      const res = await worker.get('/api/v1/reports.xlsx?columns=idNumber', { 'accept-language': 'en' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('request.invalid');
    });
  });
});

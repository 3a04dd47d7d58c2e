import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepCheckins } from '../../src/server/care/ladder';
import { openFeedBus } from '../../src/server/reports/feed';
import type { TCarePlan } from '../../src/shared/contracts/care';
import type { TErrand, TKey } from '../../src/shared/contracts/careKeysMoney';
import type { TCheckinRow } from '../../src/shared/contracts/careTables';
import type { TResidentRow } from '../../src/shared/contracts/registry';
import { careFixtures } from '../support/keysMoneyFixtures';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

async function sheetOf(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe.each(DIALECTS)('the care office tables on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let leader: SignedIn;
  let subdistrict: SignedIn;
  let farWorker: SignedIn;
  let residents: TResidentRow[];
  let plans: TCarePlan[];
  let f: Awaited<ReturnType<typeof careFixtures>>;
  const far: { plan: string; errand: string; key: string } = { plan: '', errand: '', key: '' };

  const audits = (fieldClass: string) =>
    t.database.db
      .selectFrom('audit_event')
      .select(['target_id', 'purpose'])
      .where('action', '=', 'read.sensitive')
      .where('field_class', '=', fieldClass)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, leader, subdistrict, farWorker] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'subdistrict'),
      signIn(t.app, 'far.worker'),
    ]);
    f = await careFixtures(t);
    residents = (await worker.get('/api/v1/residents?limit=500')).json().items;
    // The leader's own two residents first, then residents across the buildings.
    const chosen = [
      f.residentId,
      f.otherOwnResidentId,
      ...residents
        .filter((r) => r.id !== f.residentId && r.id !== f.otherOwnResidentId)
        .filter((_, i) => i % 3 === 0)
        .slice(0, 10)
        .map((r) => r.id),
    ];
    for (const [i, residentId] of chosen.entries()) {
      const res = await worker.post('/api/v1/care/plans', {
        residentId,
        risk: i % 3 === 0 ? 'high' : 'normal',
        ...(i % 2 === 0
          ? {
              checkin: {
                time: '09:00',
                ways: ['phone_call', 'window_sign'],
                consent: { date: '2026-11-01', form: 'spoken' },
              },
            }
          : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    plans = (await worker.get('/api/v1/care/plans?limit=500')).json().items;
    expect(plans.length).toBe(chosen.length);
    // Visits to some plans, so the visit standing differs.
    for (const p of plans.slice(0, 3))
      expect(
        (await worker.post(`/api/v1/care/plans/${p.id}/visits`, { activities: ['chat'] })).statusCode,
      ).toBe(200);
    // Check-ins on two days.
    const withCheckin = plans.filter((p) => p.checkin !== null);
    for (const p of withCheckin)
      expect(
        (await worker.post(`/api/v1/care/plans/${p.id}/checkins`, { way: 'phone_call' })).statusCode,
      ).toBe(200);
    t.clock.advanceMinutes(24 * 60);
    worker = await signIn(t.app, 'worker');
    leader = await signIn(t.app, 'buildingleader');
    subdistrict = await signIn(t.app, 'subdistrict');
    farWorker = await signIn(t.app, 'far.worker');
    for (const p of withCheckin.slice(0, 2))
      expect(
        (await worker.post(`/api/v1/care/plans/${p.id}/checkins`, { way: 'window_sign' })).statusCode,
      ).toBe(200);
    // The others' grace period is over: the ladder opens their missed check-ins.
    const bus = await openFeedBus(t.database);
    const swept = await sweepCheckins({ db: t.database.db, clock: t.clock, feed: bus });
    await bus.close();
    expect(swept.opened).toBe(withCheckin.length - 2);
    // A week on, the weekly visits of high-risk plans are overdue.
    t.clock.advanceMinutes(7 * 24 * 60);
    worker = await signIn(t.app, 'worker');
    leader = await signIn(t.app, 'buildingleader');
    subdistrict = await signIn(t.app, 'subdistrict');
    farWorker = await signIn(t.app, 'far.worker');

    plans = (await worker.get('/api/v1/care/plans?limit=500')).json().items;
    expect(plans.filter((p) => p.visitStatus === 'overdue').length).toBe(
      plans.filter((p) => p.risk === 'high').length,
    );
    // Errands and keys: the leader does and holds some, a neighbour outside the chain others.
    const errands: [string, string, string, object][] = [
      [f.residentId, 'pay_fee', '交养老院护理费', { kind: 'monthly', day: 5 }],
      [f.otherOwnResidentId, 'collect_medicine', '取降压药', { kind: 'every_weeks', every: 2 }],
      [f.elsewhereResidentId, 'shopping', '买米面油', { kind: 'every_days', every: 3 }],
      [plans[4]?.residentId as string, 'paperwork', '=办高龄津贴', { kind: 'monthly', day: 28 }],
    ];
    for (const [i, [residentId, kind, title, schedule]] of errands.entries()) {
      const res = await worker.post('/api/v1/care/errands', {
        residentId,
        kind,
        title,
        schedule,
        startsOn: i % 2 === 0 ? '2026-11-01' : '2026-12-20',
        doer: i < 2 ? { positionId: f.leaderPositionId } : { name: '王邻居', phone: '13800001111' },
        ...(kind === 'pay_fee' ? { expectedFen: 300_050, counterparty: '幸福养老院' } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const keys: [string, object][] = [
      [f.residentId, { positionId: f.leaderPositionId }],
      [f.elsewhereResidentId, { name: '王邻居', phone: '13800001111' }],
      [plans[5]?.residentId as string, { name: '赵亲戚', phone: '13900002222' }],
    ];
    for (const [i, [residentId, holder]] of keys.entries()) {
      const res = await worker.post('/api/v1/care/keys', {
        residentId,
        holder,
        heldSince: `2026-0${i + 3}-01`,
        consent: { date: '2026-02-01', form: 'written' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }

    // Another subdistrict's community: a plan, an errand, a key of its own.
    const farResident = (await farWorker.get('/api/v1/residents?limit=1')).json().items[0] as TResidentRow;
    far.plan = (await farWorker.post('/api/v1/care/plans', { residentId: farResident.id })).json().id;
    far.errand = (
      await farWorker.post('/api/v1/care/errands', {
        residentId: farResident.id,
        kind: 'other',
        title: '远方的事',
        schedule: { kind: 'monthly', day: 1 },
        startsOn: '2026-11-01',
        doer: { name: '远邻居' },
      })
    ).json().id;
    far.key = (
      await farWorker.post('/api/v1/care/keys', {
        residentId: farResident.id,
        holder: { name: '远邻居' },
        heldSince: '2026-01-01',
        consent: { date: '2026-01-01', form: 'written' },
      })
    ).json().id;
    expect(far.plan && far.errand && far.key).toBeTruthy();
  });
  afterAll(async () => {
    await t.close();
  });

  it('pages care plans with a total; the old callers still get every plan in the old order', async () => {
    const all = (await worker.get('/api/v1/care/plans')).json();
    expect(all.total).toBe(plans.length);
    expect(ids(all.items)).toEqual(ids(plans));
    const seen: string[] = [];
    for (let offset = 0; offset < plans.length; offset += 5) {
      const page = (await worker.get(`/api/v1/care/plans?limit=5&offset=${offset}&sort=address`)).json();
      expect(page.total).toBe(plans.length);
      seen.push(...ids(page.items));
    }
    expect(new Set(seen).size).toBe(plans.length);
    const byAddress = (await worker.get('/api/v1/care/plans?sort=address')).json().items as TCarePlan[];
    expect(seen).toEqual(ids(byAddress));
  });

  it('sorts care plans by address, name, risk and the next visit due, both ways', async () => {
    const get = async (sort: string) =>
      (await worker.get(`/api/v1/care/plans?sort=${sort}`)).json().items as TCarePlan[];
    const labels = (items: TCarePlan[]) => items.map((p) => p.address.label);
    expect(labels(await get('-address'))).toEqual(labels(await get('address')).reverse());
    const risk = (await get('risk')).map((p) => p.risk);
    expect(risk).toEqual([...risk].sort((a, b) => (a === b ? 0 : a === 'high' ? -1 : 1)));
    const next = (await get('nextVisit')).map((p) => p.nextVisitDueAt);
    expect(next).toEqual([...next].sort());
    const nextDown = (await get('-nextVisit')).map((p) => p.nextVisitDueAt);
    expect(nextDown).toEqual([...next].reverse());
    const last = (await get('-lastVisit')).map((p) => p.lastVisitAt);
    expect(last.slice(0, 3).every((v) => v !== null)).toBe(true);
    expect(last.slice(3).every((v) => v === null)).toBe(true);
    const names = (await get('name')).map((p) => p.residentName);
    expect(new Set(names)).toEqual(new Set(plans.map((p) => p.residentName)));
  });

  it('filters care plans by risk, check-in, visit standing, building, person and the search box', async () => {
    const count = async (query: string) => (await worker.get(`/api/v1/care/plans?${query}`)).json();
    expect((await count('risk=high')).total).toBe(plans.filter((p) => p.risk === 'high').length);
    expect((await count('checkin=yes')).total).toBe(plans.filter((p) => p.checkin !== null).length);
    expect((await count('checkin=no')).total).toBe(plans.filter((p) => p.checkin === null).length);
    for (const status of ['overdue', 'due_soon', 'on_track']) {
      const page = await count(`visitStatus=${status}&limit=2`);
      expect(page.total).toBe(plans.filter((p) => p.visitStatus === status).length);
      expect(page.items.every((p: TCarePlan) => p.visitStatus === status)).toBe(true);
    }
    const first = plans[0] as TCarePlan;
    const buildingId = (await worker.get('/api/v1/buildings'))
      .json()
      .items.find((b: { number: string }) => b.number === first.address.buildingNumber).id;
    const inBuilding = await count(`buildingId=${buildingId}`);
    expect(inBuilding.total).toBe(
      plans.filter((p) => p.address.buildingNumber === first.address.buildingNumber).length,
    );
    const mine = await count(`positionId=${f.leaderPositionId}`);
    expect(mine.total).toBe(plans.filter((p) => p.responsible?.positionId === f.leaderPositionId).length);
    expect(mine.total).toBeGreaterThan(0);
    const byName = await count(`q=${encodeURIComponent(first.residentName)}`);
    expect(ids(byName.items)).toContain(first.id);
    expect(byName.items.every((p: TCarePlan) => p.residentName.startsWith(first.residentName))).toBe(true);
    const byAddress = await count(`q=${encodeURIComponent(first.address.label)}`);
    expect(ids(byAddress.items)).toEqual(ids(plans.filter((p) => p.address.label === first.address.label)));
    expect((await worker.get('/api/v1/care/plans?sort=height')).statusCode).toBe(400);
  });

  it('lists the check-ins of the days asked for, newest first, by state, and pages them', async () => {
    const all = (await worker.get('/api/v1/care/checkins?limit=500')).json();
    const withCheckin = plans.filter((p) => p.checkin !== null).length;
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(withCheckin + 2);
    const dates = all.items.map((c: TCheckinRow) => c.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const [today, yesterday] = [dates[0] as string, dates.at(-1) as string];
    expect(today > yesterday).toBe(true);
    const onDay = (await worker.get(`/api/v1/care/checkins?from=${yesterday}&to=${yesterday}`)).json();
    expect(onDay.total).toBe(dates.filter((d: string) => d === yesterday).length);
    expect(onDay.total).toBe(withCheckin);
    const done = (await worker.get('/api/v1/care/checkins?state=done&limit=500')).json();
    expect(done.total).toBe(all.items.filter((c: TCheckinRow) => c.state === 'done').length);
    // Missed and waiting for news: the office's list of what the ladder is chasing.
    const open = (await worker.get('/api/v1/care/checkins?state=open&sort=-step&limit=500')).json();
    expect(open.total).toBe(plans.filter((p) => p.checkin !== null).length - 2);
    expect(open.items.every((c: TCheckinRow) => c.state === 'missed' || c.state === 'escalated')).toBe(true);
    expect(open.items.every((c: TCheckinRow) => c.ladderStep >= 1 && c.date === today)).toBe(true);
    expect(open.total).toBe(
      all.items.filter((c: TCheckinRow) => c.state === 'missed' || c.state === 'escalated').length,
    );
    const page = (await worker.get('/api/v1/care/checkins?limit=3&offset=3')).json();
    expect(ids(page.items)).toEqual(ids(all.items.slice(3, 6)));
    const byName = (await worker.get('/api/v1/care/checkins?sort=name&limit=500')).json();
    expect(new Set(ids(byName.items))).toEqual(new Set(ids(all.items)));
    const recorded = all.items.find((c: TCheckinRow) => c.state === 'done') as TCheckinRow;
    expect(recorded.recordedBy).toBeTruthy();
    expect(recorded.way).toBe(recorded.date === today ? 'window_sign' : 'phone_call');
    const anotherDay = all.items.find((c: TCheckinRow) => c.date === yesterday) as TCheckinRow;
    expect(anotherDay).toMatchObject({ state: 'done', way: 'phone_call' });
  });

  it('works errands out, filters by standing, kind, building and text, sorts and pages them; each read audited', async () => {
    const all = (await worker.get('/api/v1/care/errands')).json();
    expect(all.total).toBe(4);
    const status = (s: string) => all.items.filter((e: TErrand) => e.status === s).length;
    expect(status('overdue')).toBeGreaterThan(0);
    const overdue = (await worker.get('/api/v1/care/errands?status=overdue')).json();
    expect(overdue.total).toBe(status('overdue'));
    expect((await worker.get('/api/v1/care/errands?kind=shopping')).json().total).toBe(1);
    expect(
      ids((await worker.get(`/api/v1/care/errands?q=${encodeURIComponent('降压')}`)).json().items),
    ).toHaveLength(1);
    const next = (await worker.get('/api/v1/care/errands?sort=nextDue'))
      .json()
      .items.map((e: TErrand) => e.nextDueOn);
    expect(next).toEqual([...next].sort());
    const most = (await worker.get('/api/v1/care/errands?sort=overdue'))
      .json()
      .items.map((e: TErrand) => e.overdueCount);
    expect(most).toEqual([...most].sort((a, b) => b - a));
    const first = all.items[0] as TErrand;
    const building = (await worker.get('/api/v1/buildings'))
      .json()
      .items.find((b: { number: string }) => b.number === first.resident.address.buildingNumber).id;
    const inBuilding = (await worker.get(`/api/v1/care/errands?buildingId=${building}`)).json();
    expect(inBuilding.total).toBe(
      all.items.filter(
        (e: TErrand) => e.resident.address.buildingNumber === first.resident.address.buildingNumber,
      ).length,
    );
    const before = (await audits('finance')).length;
    const page = (await worker.get('/api/v1/care/errands?limit=2&offset=1')).json();
    expect(page.total).toBe(4);
    expect(ids(page.items)).toEqual(ids(all.items.slice(1, 3)));
    const after = await audits('finance');
    expect(after.length).toBe(before + 2);
    expect(after.slice(-2).map((a) => a.target_id)).toEqual(ids(page.items));
  });

  it('lists keys with holder, building and text filters, sorted and paged; each read audited', async () => {
    const all = (await worker.get('/api/v1/care/keys')).json();
    expect(all.total).toBe(3);
    const held = (await worker.get(`/api/v1/care/keys?holderPositionId=${f.leaderPositionId}`)).json();
    expect(held.items.map((k: TKey) => k.resident.residentId)).toEqual([f.residentId]);
    const since = (await worker.get('/api/v1/care/keys?sort=heldSince'))
      .json()
      .items.map((k: TKey) => k.heldSince);
    expect(since).toEqual(['2026-03-01', '2026-04-01', '2026-05-01']);
    const down = (await worker.get('/api/v1/care/keys?sort=-heldSince&limit=1&offset=1')).json();
    expect(down.total).toBe(3);
    expect(down.items.map((k: TKey) => k.heldSince)).toEqual(['2026-04-01']);
    const neighbour = (await worker.get(`/api/v1/care/keys?q=${encodeURIComponent('入户')}`)).json();
    expect(neighbour.total).toBe(3);
    const label = all.items[0].resident.address.label as string;
    expect(
      (await worker.get(`/api/v1/care/keys?q=${encodeURIComponent(label)}`)).json().total,
    ).toBeGreaterThan(0);
    const before = (await audits('keys')).length;
    await worker.get('/api/v1/care/keys?limit=1');
    expect((await audits('keys')).length).toBe(before + 1);
  });

  it('keeps to the scope: another community’s records never appear, and their ids are 404', async () => {
    const everything = [
      ...ids((await worker.get('/api/v1/care/plans?limit=500&includeEnded=true')).json().items),
      ...ids((await worker.get('/api/v1/care/errands?includeEnded=true')).json().items),
      ...ids((await worker.get('/api/v1/care/keys?includeReturned=true')).json().items),
      ...ids((await subdistrict.get('/api/v1/care/plans?limit=500')).json().items),
    ];
    for (const id of Object.values(far)) expect(everything).not.toContain(id);
    expect((await worker.get(`/api/v1/care/plans/${far.plan}`)).statusCode).toBe(404);
    expect((await worker.get(`/api/v1/care/errands/${far.errand}`)).statusCode).toBe(404);
    expect((await worker.get(`/api/v1/care/keys/${far.key}`)).statusCode).toBe(404);
    const farCheckins = (await farWorker.get('/api/v1/care/checkins?limit=500')).json();
    expect(farCheckins.total).toBe(0);
    // The subdistrict sees the plans of its communities, not another subdistrict's.
    expect((await subdistrict.get('/api/v1/care/plans')).json().total).toBe(plans.length);

    // A building leader: only the plans of their households, the errands they do, the keys they hold.
    const myPlans = (await leader.get('/api/v1/care/plans?limit=500')).json();
    expect(myPlans.total).toBeGreaterThan(0);
    expect(myPlans.total).toBeLessThan(plans.length);
    const myCheckins = (await leader.get('/api/v1/care/checkins?limit=500')).json();
    const myPlanIds = new Set(ids(myPlans.items));
    expect(myCheckins.items.every((c: TCheckinRow) => myPlanIds.has(c.planId))).toBe(true);
    const myErrands = (await leader.get('/api/v1/care/errands')).json();
    expect(myErrands.total).toBe(2);
    expect(myErrands.items.every((e: TErrand) => e.doer.positionId === f.leaderPositionId)).toBe(true);
    expect((await leader.get('/api/v1/care/keys')).json().total).toBe(1);
    const hidden = plans.find((p) => !myPlanIds.has(p.id)) as TCarePlan;
    expect((await leader.get(`/api/v1/care/plans/${hidden.id}`)).statusCode).toBe(404);
  });

  it('exports exactly what each table shows, in the caller’s language, within scope', async () => {
    const shown = (await worker.get('/api/v1/care/plans?sort=-nextVisit&risk=normal&limit=500')).json();
    const res = await worker.get(
      '/api/v1/care/plans/export?sort=-nextVisit&risk=normal&columns=residentName,address,risk,visitStatus',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetOf(res.rawPayload);
    expect(rows[0]).toEqual(['姓名', '门牌', '关照程度', '探访情况']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(shown.items.map((p: TCarePlan) => p.address.label));
    expect(rows.slice(1).every((r) => r[2] === '一般')).toBe(true);

    const checkins = (await worker.get('/api/v1/care/checkins?sort=address&limit=500')).json();
    const cRes = await worker.get(
      '/api/v1/care/checkins/export?sort=address&columns=date,address,state,way',
      {
        'accept-language': 'en',
      },
    );
    const cRows = await sheetOf(cRes.rawPayload);
    expect(cRows[0]).toEqual(['Date', 'Address', 'State', 'How']);
    expect(cRows.length - 1).toBe(checkins.total);
    expect(cRows.slice(1).map((r) => r[1])).toEqual(checkins.items.map((c: TCheckinRow) => c.address.label));
    expect(cRows.slice(1).some((r) => r[2] === 'Checked in')).toBe(true);

    // The subdistrict may export plans (of its own communities only), never keys or errands.
    const sub = await sheetOf(
      (await subdistrict.get('/api/v1/care/plans/export?columns=address')).rawPayload,
    );
    expect(sub.length - 1).toBe(plans.length);
    expect((await subdistrict.get('/api/v1/care/keys/export')).statusCode).toBe(403);
    expect((await subdistrict.get('/api/v1/care/errands/export')).statusCode).toBe(403);
    // A building leader exports nothing; an unknown column is refused.
    expect((await leader.get('/api/v1/care/plans/export')).statusCode).toBe(403);
    expect((await leader.get('/api/v1/care/keys/export')).statusCode).toBe(403);
    expect((await worker.get('/api/v1/care/keys/export?columns=label,safeCode')).statusCode).toBe(400);
  });

  it('audits every errand and key exported, and neutralises text a spreadsheet would run', async () => {
    const errandsBefore = (await audits('finance')).length;
    const eRes = await worker.get(
      '/api/v1/care/errands/export?sort=nextDue&columns=residentName,title,expected,status',
    );
    expect(eRes.statusCode, eRes.body).toBe(200);
    const eRows = await sheetOf(eRes.rawPayload);
    expect(eRows[0]).toEqual(['姓名', '事项', '大约金额（元）', '办理情况']);
    expect(eRows.length - 1).toBe(4);
    expect(eRows.some((r) => r[1] === '交养老院护理费' && r[2] === '3000.50')).toBe(true);
    expect(eRows.some((r) => r[1] === "'=办高龄津贴")).toBe(true);
    const eAudits = (await audits('finance')).slice(errandsBefore);
    expect(eAudits.length).toBe(4);
    expect(eAudits.every((a) => a.purpose === 'care_table_export')).toBe(true);

    const keysBefore = (await audits('keys')).length;
    const kRes = await worker.get(
      `/api/v1/care/keys/export?holderPositionId=${f.leaderPositionId}&columns=residentName,holder,returned`,
    );
    const kRows = await sheetOf(kRes.rawPayload);
    expect(kRows).toHaveLength(2);
    expect(kRows[1]?.[2]).toBe('保管中');
    const kAudits = (await audits('keys')).slice(keysBefore);
    expect(kAudits.map((a) => a.purpose)).toEqual(['care_table_export']);
  });
  it('marks several errands done at once, each once, and says what it refused and why', async () => {
    const overdue = (await worker.get('/api/v1/care/errands?status=overdue&sort=nextDue')).json()
      .items as TErrand[];
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    const [a, b] = overdue as [TErrand, TErrand];
    const items = [
      { id: a.id, dueOn: a.nextDueOn as string },
      { id: b.id, dueOn: b.nextDueOn as string },
      { id: far.errand, dueOn: '2026-12-01' },
      { id: a.id, dueOn: '2020-01-01' },
    ];
    const first = await worker.post('/api/v1/care/errands/done', { items }, { 'accept-language': 'zh-CN' });
    expect(first.statusCode, first.body).toBe(200);
    const answer = first.json();
    expect(answer.done).toEqual(items.slice(0, 2));
    expect(answer.refused.map((r: { id: string; code: string }) => [r.id, r.code])).toEqual([
      [far.errand, 'care.errand_not_found'],
      [a.id, 'care.errand_not_due_then'],
    ]);
    expect(answer.refused[1].message).toContain('2020-01-01');
    // Sent again (a retry, a second worker): nothing is recorded twice.
    const again = (await worker.post('/api/v1/care/errands/done', { items: items.slice(0, 2) })).json();
    expect(again.done).toEqual([]);
    expect(again.refused.map((r: { code: string }) => r.code)).toEqual([
      'care.errand_already_done',
      'care.errand_already_done',
    ]);
    const recorded = await t.database.db
      .selectFrom('care_errand_done')
      .select(['errand_id', 'due_on'])
      .where('errand_id', 'in', [a.id, b.id])
      .execute();
    expect(recorded.map((r) => `${r.errand_id}:${r.due_on}`).sort()).toEqual(
      items
        .slice(0, 2)
        .map((i) => `${i.id}:${i.dueOn}`)
        .sort(),
    );
    // A building leader may mark only the errands they do.
    const theirs = (await leader.get('/api/v1/care/errands')).json().items as TErrand[];
    const notTheirs = overdue.find((e) => !theirs.some((x) => x.id === e.id));
    if (notTheirs) {
      const refused = (
        await leader.post('/api/v1/care/errands/done', {
          items: [{ id: notTheirs.id, dueOn: notTheirs.nextDueOn }],
        })
      ).json();
      expect(refused.refused.map((r: { code: string }) => r.code)).toEqual(['care.errand_not_found']);
    }
  });
});

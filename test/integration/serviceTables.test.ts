import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents } from '../../src/server/audit/audit.repository';
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

type Page<T> = { total: number; items: T[] };
type SessionRow = {
  id: string;
  startsAt: string;
  serviceZh: string;
  place: string;
  short: number;
  cancelled: boolean;
  booked: number;
};
type BookingRow = {
  id: string;
  name: string;
  residentId: string;
  sessionId: string;
  cancelledAt: string | null;
  homeVisit: boolean;
  bloodPressure: string | null;
};
type VolunteerRow = { id: string; name: string; minutes: number; sessions: number };
type OrderRow = {
  id: string;
  householdId: string;
  dueFen: number;
  deliveredAt: string | null;
  goods: string;
  roundId: string;
};

/**
 * The service station's office tables (issue 23) on each database: sessions, bookings, volunteers with
 * their hours, and group-purchase orders — filters, sorts, paging, totals, scope (another community's rows
 * never appear, an id of it named in a filter is a 404), the exports and their audit, and many orders
 * marked delivered at once. The clock starts on Sunday 29 November 2026, 10:00 in China.
 */
describe.each(DIALECTS)('the service station tables on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let committee: SignedIn;
  let leader: SignedIn;
  let farWorker: SignedIn;
  let f: Awaited<ReturnType<typeof careFixtures>>;
  const id: Record<string, string> = {};
  let buildingA: { id: string; number: string };

  const signInAll = async () => {
    [worker, committee, leader, farWorker] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'far.worker'),
    ]);
  };
  const ok = async <T>(s: SignedIn, url: string): Promise<T> => {
    const res = await s.get(url);
    expect(res.statusCode, `${url} → ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const post = async (s: SignedIn, url: string, body: unknown) => {
    const res = await s.post(url, body);
    expect(res.statusCode, `${url} → ${res.body}`).toBe(200);
    return res.json();
  };
  const notFound = async (s: SignedIn, url: string, code: string) => {
    const res = await s.get(url);
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.code).toBe(code);
  };
  const householdOf = async (residentId: string) =>
    (
      await t.database.db
        .selectFrom('resident')
        .select('household_id')
        .where('id', '=', residentId)
        .executeTakeFirstOrThrow()
    ).household_id;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await signInAll();
    f = await careFixtures(t);
    const services = (await ok<{ items: { id: string; code: string }[] }>(worker, '/api/v1/service/services'))
      .items;
    id.haircut = services.find((s) => s.code === 'haircut')?.id as string;
    id.bp = services.find((s) => s.code === 'blood_pressure')?.id as string;
    id.farHaircut = (
      await ok<{ items: { id: string; code: string }[] }>(farWorker, '/api/v1/service/services')
    ).items.find((s) => s.code === 'haircut')?.id as string;
    buildingA = (await ok<{ items: { id: string; number: string }[] }>(worker, '/api/v1/buildings'))
      .items[0] as typeof buildingA;
    id.farBuilding = (await ok<{ items: { id: string }[] }>(farWorker, '/api/v1/buildings')).items[0]
      ?.id as string;

    const session = async (s: SignedIn, name: string, body: Record<string, unknown>) => {
      id[name] = (await post(s, '/api/v1/service/sessions', body)).id;
    };
    // Today 14:00–16:00, Tuesday morning, Thursday at home in building A, Saturday (to be cancelled).
    await session(worker, 's1', {
      serviceId: id.haircut,
      startsAt: '2026-11-29T06:00:00Z',
      endsAt: '2026-11-29T08:00:00Z',
      place: { kind: 'station' },
      capacity: 5,
      volunteersNeeded: 2,
    });
    await session(worker, 's2', {
      serviceId: id.bp,
      startsAt: '2026-12-01T01:00:00Z',
      endsAt: '2026-12-01T03:00:00Z',
      place: { kind: 'station' },
      capacity: 5,
      volunteersNeeded: 1,
    });
    await session(worker, 's3', {
      serviceId: id.haircut,
      startsAt: '2026-12-03T06:00:00Z',
      endsAt: '2026-12-03T08:00:00Z',
      place: { kind: 'home', buildingId: buildingA.id },
      capacity: 3,
      volunteersNeeded: 0,
    });
    await session(worker, 's4', {
      serviceId: id.haircut,
      startsAt: '2026-12-05T01:00:00Z',
      endsAt: '2026-12-05T03:00:00Z',
      place: { kind: 'station' },
      capacity: 3,
      volunteersNeeded: 1,
    });
    await post(worker, `/api/v1/service/sessions/${id.s4}/cancel`, { reason: '理发师生病' });
    await session(farWorker, 'far', {
      serviceId: id.farHaircut,
      startsAt: '2026-11-30T06:00:00Z',
      endsAt: '2026-11-30T08:00:00Z',
      place: { kind: 'station' },
      capacity: 5,
      volunteersNeeded: 1,
    });

    // Bookings: two residents today, one at home on Tuesday, one booked and cancelled.
    const book = async (
      s: SignedIn,
      name: string,
      sessionId: string,
      residentId: string,
      homeVisit = false,
    ) => {
      id[name] = (
        (await post(s, `/api/v1/service/sessions/${sessionId}/bookings`, { residentId, homeVisit })) as {
          bookings: { id: string; resident: { residentId: string } }[];
        }
      ).bookings.find((b) => b.resident.residentId === residentId)?.id as string;
    };
    await book(worker, 'bMine', id.s1 as string, f.residentId);
    await book(worker, 'bElsewhere', id.s1 as string, f.elsewhereResidentId);
    await book(worker, 'bOther', id.s2 as string, f.otherOwnResidentId, true);
    await book(worker, 'bCancelled', id.s2 as string, f.elsewhereResidentId);
    await post(worker, `/api/v1/service/bookings/${id.bCancelled}/cancel`, {});
    // A blood pressure for the resident booked on Tuesday, with her consent.
    await post(worker, `/api/v1/service/residents/${f.otherOwnResidentId}/consent`, {
      date: '2026-11-29',
      witness: '李社工',
    });
    await post(worker, `/api/v1/service/sessions/${id.s2}/readings`, {
      residentId: f.otherOwnResidentId,
      systolic: 128,
      diastolic: 82,
    });

    // Volunteers: 刘师傅 serves today for 90 minutes; 王阿姨 signs up for Tuesday.
    id.liu = (await post(worker, '/api/v1/service/volunteers', { name: '刘师傅', phone: '13900001234' })).id;
    id.wang = (await post(worker, '/api/v1/service/volunteers', { name: '王阿姨', phone: '13800005678' })).id;
    id.farVolunteer = (await post(farWorker, '/api/v1/service/volunteers', { name: '远方志愿者' })).id;
    await post(worker, `/api/v1/service/sessions/${id.s1}/signups`, { volunteerId: id.liu });
    await post(worker, `/api/v1/service/sessions/${id.s2}/signups`, { volunteerId: id.wang });
    t.clock.advanceMinutes(4 * 60); // 14:00 in China
    await signInAll();
    await post(worker, `/api/v1/service/sessions/${id.s1}/checkin`, { volunteerId: id.liu });
    t.clock.advanceMinutes(90);
    await signInAll();
    await post(worker, `/api/v1/service/sessions/${id.s1}/checkout`, { volunteerId: id.liu });

    // A group purchase: three households of this community, one of the far one.
    const round = await post(worker, '/api/v1/service/rounds', {
      title: '十二月米面油',
      supplier: '粮油店',
      closesOn: '2026-12-10',
      items: [
        { name: '东北大米', unit: '10斤', marketFen: 4500, groupFen: 3600 },
        { name: '花生油', unit: '5升', marketFen: 9800, groupFen: 8200 },
      ],
    });
    id.round = round.id;
    const [rice, oil] = round.items as { id: string }[];
    const order = async (
      s: SignedIn,
      name: string,
      roundId: string,
      householdId: string,
      lines: unknown[],
    ) => {
      id[name] = (await post(s, `/api/v1/service/rounds/${roundId}/orders`, { householdId, lines })).id;
    };
    await order(worker, 'oMine', id.round as string, await householdOf(f.residentId), [
      { itemId: rice?.id, quantity: 2 },
    ]);
    await order(worker, 'oOther', id.round as string, await householdOf(f.otherOwnResidentId), [
      { itemId: oil?.id, quantity: 1 },
    ]);
    await order(worker, 'oElsewhere', id.round as string, await householdOf(f.elsewhereResidentId), [
      { itemId: rice?.id, quantity: 1 },
      { itemId: oil?.id, quantity: 1 },
    ]);
    const farRound = await post(farWorker, '/api/v1/service/rounds', {
      title: '远方团购',
      supplier: '远方粮店',
      closesOn: '2026-12-10',
      items: [{ name: '面粉', unit: '10斤', marketFen: 3200, groupFen: 2600 }],
    });
    id.farRound = farRound.id;
    const farHousehold = (await ok<{ items: { id: string }[] }>(farWorker, '/api/v1/households?limit=1'))
      .items[0]?.id as string;
    await order(farWorker, 'oFar', id.farRound as string, farHousehold, [
      { itemId: farRound.items[0].id, quantity: 1 },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('sessions', () => {
    it('pages through every session of the station, never the far one, with the total', async () => {
      const all = await ok<Page<SessionRow>>(worker, '/api/v1/service/tables/sessions?limit=500');
      expect(all.total).toBe(4);
      expect(all.items.map((s) => s.id)).toEqual([id.s1, id.s2, id.s3, id.s4]);
      const second = await ok<Page<SessionRow>>(worker, '/api/v1/service/tables/sessions?limit=2&offset=2');
      expect(second.total).toBe(4);
      expect(second.items.map((s) => s.id)).toEqual([id.s3, id.s4]);
      const far = await ok<Page<SessionRow>>(farWorker, '/api/v1/service/tables/sessions?limit=500');
      expect(far.items.map((s) => s.id)).toEqual([id.far]);
    });

    it('sorts by time both ways, by booked places and by volunteers missing', async () => {
      const down = await ok<Page<SessionRow>>(worker, '/api/v1/service/tables/sessions?sort=-startsAt');
      expect(down.items.map((s) => s.id)).toEqual([id.s4, id.s3, id.s2, id.s1]);
      const booked = await ok<Page<SessionRow>>(worker, '/api/v1/service/tables/sessions?sort=-booked');
      expect(booked.items.map((s) => s.booked)).toEqual([2, 1, 0, 0]);
      const short = await ok<Page<SessionRow>>(worker, '/api/v1/service/tables/sessions?sort=-short');
      // s1 needs 2 and has 刘师傅; s4 needs 1 and has none; s2 needs 1 and has 王阿姨; s3 needs none.
      expect(short.items.map((s) => s.short)).toEqual([1, 1, 0, 0]);
      expect(short.items.slice(0, 2).map((s) => s.id)).toEqual([id.s1, id.s4]);
    });

    it('filters by days, service, place, building, status and shortage', async () => {
      const q = async (query: string) =>
        (await ok<Page<SessionRow>>(worker, `/api/v1/service/tables/sessions?${query}`)).items.map(
          (s) => s.id,
        );
      expect(await q('from=2026-12-01&to=2026-12-03')).toEqual([id.s2, id.s3]);
      expect(await q(`serviceId=${id.bp}`)).toEqual([id.s2]);
      expect(await q('place=home')).toEqual([id.s3]);
      expect(await q(`buildingId=${buildingA.id}`)).toEqual([id.s3]);
      expect(await q('status=cancelled')).toEqual([id.s4]);
      // It is 15:30 on Sunday: today's session is still on.
      expect(await q('status=upcoming')).toEqual([id.s1, id.s2, id.s3]);
      expect(await q('status=past')).toEqual([]);
      expect(await q('short=yes')).toEqual([id.s1, id.s4]);
      expect(await q('short=no')).toEqual([id.s2, id.s3]);
    });

    it('answers a far service or building named in a filter as not found', async () => {
      await notFound(
        worker,
        `/api/v1/service/tables/sessions?serviceId=${id.farHaircut}`,
        'service.not_found',
      );
      await notFound(
        worker,
        `/api/v1/service/tables/sessions?buildingId=${id.farBuilding}`,
        'register.building_not_found',
      );
      await notFound(
        worker,
        '/api/v1/service/tables/sessions?serviceId=00000000-0000-4000-8000-000000000000',
        'service.not_found',
      );
    });
  });

  describe('bookings', () => {
    it('shows the office every booking and a building leader only those of their households', async () => {
      const all = await ok<Page<BookingRow>>(worker, '/api/v1/service/tables/bookings?limit=500');
      expect(all.total).toBe(4);
      expect(new Set(all.items.map((b) => b.id))).toEqual(
        new Set([id.bMine, id.bElsewhere, id.bOther, id.bCancelled]),
      );
      const mine = await ok<Page<BookingRow>>(leader, '/api/v1/service/tables/bookings?limit=500');
      expect(mine.items.map((b) => b.id).sort()).toEqual([id.bMine, id.bOther].sort());
      expect(mine.total).toBe(2);
      const far = await ok<Page<BookingRow>>(farWorker, '/api/v1/service/tables/bookings');
      expect(far.total).toBe(0);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/service/tables/bookings' })).statusCode).toBe(
        401,
      );
    });

    it('filters by session, state, home visit, served, name and days; sorts by session time both ways', async () => {
      const q = async (query: string) =>
        (await ok<Page<BookingRow>>(worker, `/api/v1/service/tables/bookings?${query}`)).items.map(
          (b) => b.id,
        );
      expect((await q(`sessionId=${id.s1}`)).sort()).toEqual([id.bMine, id.bElsewhere].sort());
      expect(await q('state=cancelled')).toEqual([id.bCancelled]);
      expect((await q('state=active')).length).toBe(3);
      expect(await q('homeVisit=yes')).toEqual([id.bOther]);
      expect((await q('served=unknown')).length).toBe(4);
      expect(await q('served=yes')).toEqual([]);
      expect((await q('from=2026-12-01&to=2026-12-01')).sort()).toEqual([id.bOther, id.bCancelled].sort());
      const all = await ok<Page<BookingRow>>(worker, '/api/v1/service/tables/bookings?limit=500');
      const someone = all.items.find((b) => b.id === id.bOther) as BookingRow;
      const byName = await q(`q=${encodeURIComponent(someone.name)}`);
      expect(byName).toContain(id.bOther);
      const down = await q('sort=-startsAt');
      expect(down.slice(0, 2).sort()).toEqual([id.bOther, id.bCancelled].sort());
      const byPage = await ok<Page<BookingRow>>(worker, '/api/v1/service/tables/bookings?limit=1&offset=3');
      expect(byPage.total).toBe(4);
      expect(byPage.items.map((b) => b.id)).toEqual([(await q('sort=startsAt'))[3]]);
    });

    it('answers a far session named in a filter as not found', async () => {
      await notFound(
        worker,
        `/api/v1/service/tables/bookings?sessionId=${id.far}`,
        'service.session_not_found',
      );
      await notFound(
        farWorker,
        `/api/v1/service/tables/bookings?sessionId=${id.s1}`,
        'service.session_not_found',
      );
    });

    it('gives the blood pressure only to roles that see health, each read audited', async () => {
      const before = await countAuditEvents(t.database.db, {
        action: 'read.sensitive',
        residentId: f.otherOwnResidentId,
      });
      const office = await ok<Page<BookingRow>>(worker, `/api/v1/service/tables/bookings?sessionId=${id.s2}`);
      expect(office.items.find((b) => b.id === id.bOther)?.bloodPressure).toBe('128/82');
      expect(office.items.find((b) => b.id === id.bCancelled)?.bloodPressure).toBeNull();
      const afterOffice = await countAuditEvents(t.database.db, {
        action: 'read.sensitive',
        residentId: f.otherOwnResidentId,
      });
      expect(afterOffice).toBe(before + 1);
      const chain = await ok<Page<BookingRow>>(leader, `/api/v1/service/tables/bookings?sessionId=${id.s2}`);
      expect(chain.items.map((b) => b.bloodPressure)).toEqual([null]);
      expect(
        await countAuditEvents(t.database.db, { action: 'read.sensitive', residentId: f.otherOwnResidentId }),
      ).toBe(afterOffice);
    });
  });

  describe('volunteers and their hours', () => {
    it('counts each volunteer’s minutes and sessions this year, sorts and filters them', async () => {
      const all = await ok<Page<VolunteerRow> & { from: string; to: string }>(
        worker,
        '/api/v1/service/tables/volunteers',
      );
      expect(all).toMatchObject({ total: 2, from: '2026-01-01', to: '2026-12-31' });
      expect(all.items.find((v) => v.id === id.liu)).toMatchObject({ minutes: 90, sessions: 1 });
      expect(all.items.find((v) => v.id === id.wang)).toMatchObject({ minutes: 0, sessions: 0 });
      const byMinutes = await ok<Page<VolunteerRow>>(
        worker,
        '/api/v1/service/tables/volunteers?sort=-minutes',
      );
      expect(byMinutes.items.map((v) => v.id)).toEqual([id.liu, id.wang]);
      const fewest = await ok<Page<VolunteerRow>>(worker, '/api/v1/service/tables/volunteers?sort=minutes');
      expect(fewest.items.map((v) => v.id)).toEqual([id.wang, id.liu]);
      const q = async (query: string) =>
        (await ok<Page<VolunteerRow>>(worker, `/api/v1/service/tables/volunteers?${query}`)).items.map(
          (v) => v.id,
        );
      expect(await q('q=5678')).toEqual([id.wang]);
      expect(await q(`q=${encodeURIComponent('刘')}`)).toEqual([id.liu]);
      expect(await q('active=yes')).toEqual([id.liu]);
      expect(await q('active=no')).toEqual([id.wang]);
      expect(await q('active=yes&from=2026-12-01&to=2026-12-31')).toEqual([]);
      const page = await ok<Page<VolunteerRow>>(worker, '/api/v1/service/tables/volunteers?limit=1&offset=1');
      expect(page).toMatchObject({ total: 2 });
      expect(page.items.map((v) => v.id)).toEqual([(await q('sort=name'))[1]]);
    });

    it('is the office’s: the chain is refused, the far station sees only its own', async () => {
      expect((await leader.get('/api/v1/service/tables/volunteers')).statusCode).toBe(403);
      const far = await ok<Page<VolunteerRow>>(farWorker, '/api/v1/service/tables/volunteers');
      expect(far.items.map((v) => v.name)).toEqual(['远方志愿者']);
    });
  });

  describe('group-purchase orders', () => {
    it('lists the orders of the caller’s households with what is due, filtered, sorted and paged', async () => {
      const all = await ok<Page<OrderRow>>(worker, '/api/v1/service/tables/orders?limit=500');
      expect(all.total).toBe(3);
      expect(new Set(all.items.map((o) => o.id))).toEqual(new Set([id.oMine, id.oOther, id.oElsewhere]));
      expect(all.items.find((o) => o.id === id.oElsewhere)).toMatchObject({
        dueFen: 3600 + 8200,
        goods: '东北大米 10斤 ×1；花生油 5升 ×1',
      });
      const byDue = await ok<Page<OrderRow>>(worker, '/api/v1/service/tables/orders?sort=-due');
      expect(byDue.items.map((o) => o.dueFen)).toEqual([11800, 8200, 7200]);
      const page = await ok<Page<OrderRow>>(
        worker,
        '/api/v1/service/tables/orders?sort=-due&limit=1&offset=1',
      );
      expect(page).toMatchObject({ total: 3 });
      expect(page.items.map((o) => o.id)).toEqual([id.oOther]);
      const mine = await ok<Page<OrderRow>>(leader, '/api/v1/service/tables/orders?limit=500');
      expect(mine.items.map((o) => o.id).sort()).toEqual([id.oMine, id.oOther].sort());
      const far = await ok<Page<OrderRow>>(farWorker, '/api/v1/service/tables/orders');
      expect(far.items.map((o) => o.id)).toEqual([id.oFar]);
      expect(
        (await ok<Page<OrderRow>>(worker, `/api/v1/service/tables/orders?roundId=${id.round}`)).total,
      ).toBe(3);
      await notFound(
        worker,
        `/api/v1/service/tables/orders?roundId=${id.farRound}`,
        'service.round_not_found',
      );
    });

    it('marks many delivered at once: each once, the far one refused as not found, a retry changes nothing', async () => {
      const body = { ids: [id.oMine, id.oOther, id.oFar, id.oMine], receivedBy: '本人' };
      const first = await leader.post('/api/v1/service/orders/bulk-delivered', body, {
        'idempotency-key': 'deliver-1',
      });
      expect(first.statusCode, first.body).toBe(200);
      expect(
        first
          .json()
          .done.map((d: { id: string }) => d.id)
          .sort(),
      ).toEqual([id.oMine, id.oOther].sort());
      expect(first.json().refused).toEqual([
        { id: id.oFar, code: 'service.order_not_found', message: expect.stringContaining('找不到') },
      ]);
      expect(first.body).not.toContain('远方');
      // The same request again with its key: the first answer. Without the key: nothing more is done.
      const replay = await leader.post('/api/v1/service/orders/bulk-delivered', body, {
        'idempotency-key': 'deliver-1',
      });
      expect(replay.json()).toEqual(first.json());
      const again = await leader.post('/api/v1/service/orders/bulk-delivered', {
        ids: [id.oMine, id.oElsewhere],
        receivedBy: '本人',
      });
      expect(again.json().done).toEqual([]);
      expect(again.json().refused.map((r: { id: string; code: string }) => [r.id, r.code])).toEqual([
        [id.oMine, 'service.already_delivered'],
        // Not one of the building leader's households: not found, like the far one.
        [id.oElsewhere, 'service.order_not_found'],
      ]);
      expect(await countAuditEvents(t.database.db, { action: 'service.delivered' })).toBe(2);
      const delivered = await ok<Page<OrderRow>>(worker, '/api/v1/service/tables/orders?delivered=yes');
      expect(delivered.items.map((o) => o.id).sort()).toEqual([id.oMine, id.oOther].sort());
      const waiting = await ok<Page<OrderRow>>(worker, '/api/v1/service/tables/orders?delivered=no');
      expect(waiting.items.map((o) => o.id)).toEqual([id.oElsewhere]);
      const farOrders = await ok<Page<OrderRow>>(farWorker, '/api/v1/service/tables/orders');
      expect(farOrders.items[0]?.deliveredAt).toBeNull();
    });
  });

  describe('exports', () => {
    it('exports exactly the filtered table in its sort and columns, within scope, and audits it', async () => {
      const before = await countAuditEvents(t.database.db, { action: 'service.export' });
      const res = await worker.get(
        '/api/v1/service/tables/sessions.xlsx?sort=-startsAt&status=upcoming&columns=startsAt,service,status',
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = await sheetOf(res.rawPayload);
      expect(rows[0]).toEqual(['时间', '服务', '状态']);
      expect(rows.length - 1).toBe(3);
      expect(rows.slice(1).map((r) => r[2])).toEqual(['', '', '缺 1 人']);
      expect(await countAuditEvents(t.database.db, { action: 'service.export' })).toBe(before + 1);

      const orders = await sheetOf(
        (await leader.get('/api/v1/service/tables/orders.xlsx?columns=address,goods,due')).rawPayload,
      );
      expect(orders.length - 1).toBe(2);
      expect(orders.flat().join()).not.toContain('远方');
      const volunteers = await sheetOf(
        (
          await worker.get('/api/v1/service/tables/volunteers.xlsx?sort=-minutes', {
            'accept-language': 'en',
          })
        ).rawPayload,
      );
      expect(volunteers[0]).toEqual([
        'Name',
        'Phone',
        'Signs in',
        'Hours',
        'Sessions',
        'No-shows',
        'Last served',
      ]);
      expect(volunteers[1]?.slice(0, 5)).toEqual(['刘师傅', '13900001234', 'No', '1.5', '1']);
      expect((await leader.get('/api/v1/service/tables/volunteers.xlsx')).statusCode).toBe(403);
      await notFound(
        worker,
        `/api/v1/service/tables/orders.xlsx?roundId=${id.farRound}`,
        'service.round_not_found',
      );
      expect(await countAuditEvents(t.database.db, { action: 'service.export' })).toBe(before + 3);
    });

    it('exports blood pressures only for roles that see health, each read audited; the chain gets no such column', async () => {
      const reads = () =>
        countAuditEvents(t.database.db, { action: 'read.sensitive', residentId: f.otherOwnResidentId });
      const before = await reads();
      const office = await sheetOf(
        (
          await committee.get(
            `/api/v1/service/tables/bookings.xlsx?sessionId=${id.s2}&columns=name,state,bloodPressure`,
          )
        ).rawPayload,
      );
      expect(office[0]).toEqual(['居民', '预约状态', '血压']);
      expect(office.slice(1).map((r) => r[2])).toContain('128/82');
      expect(await reads()).toBe(before + 1);
      const withoutColumn = await sheetOf(
        (await worker.get(`/api/v1/service/tables/bookings.xlsx?sessionId=${id.s2}&columns=name,state`))
          .rawPayload,
      );
      expect(withoutColumn[0]).toEqual(['居民', '预约状态']);
      expect(await reads()).toBe(before + 1);
      const chain = await sheetOf(
        (await leader.get('/api/v1/service/tables/bookings.xlsx?columns=name,address,bloodPressure'))
          .rawPayload,
      );
      expect(chain[0]).toEqual(['居民', '门牌']);
      expect(chain.length - 1).toBe(2);
      expect(await reads()).toBe(before + 1);
      const refused = await worker.get('/api/v1/service/tables/bookings.xlsx?columns=name,idNumber');
      expect(refused.statusCode).toBe(400);
    });
  });

  it('lists the hours entry by entry, corrections beside what they correct, and exports them', async () => {
    type HoursRow = {
      id: string;
      volunteerId: string;
      minutes: number;
      correction: boolean;
      serviceZh: string | null;
      workedOn: string;
    };
    const first = await ok<Page<HoursRow>>(worker, '/api/v1/service/tables/hours');
    expect(first.total).toBe(1);
    expect(first.items[0]).toMatchObject({
      volunteerId: id.liu,
      minutes: 90,
      correction: false,
      serviceZh: '理发',
      workedOn: '2026-11-29',
    });
    await post(worker, `/api/v1/service/hours/${first.items[0]?.id}/corrections`, {
      minutes: 100,
      reason: '签退晚了',
    });
    const all = await ok<Page<HoursRow>>(worker, '/api/v1/service/tables/hours?sort=-minutes');
    expect(all.total).toBe(2);
    expect(all.items.map((h) => [h.minutes, h.correction])).toEqual([
      [90, false],
      [10, true],
    ]);
    const corrections = await ok<Page<HoursRow>>(worker, '/api/v1/service/tables/hours?correction=yes');
    expect(corrections.items.map((h) => h.minutes)).toEqual([10]);
    expect(
      (await ok<Page<HoursRow>>(worker, `/api/v1/service/tables/hours?volunteerId=${id.wang}`)).total,
    ).toBe(0);
    expect((await ok<Page<HoursRow>>(worker, '/api/v1/service/tables/hours?from=2026-11-30')).total).toBe(0);
    const page = await ok<Page<HoursRow>>(
      worker,
      '/api/v1/service/tables/hours?sort=-minutes&limit=1&offset=1',
    );
    expect(page).toMatchObject({ total: 2 });
    expect(page.items.map((h) => h.minutes)).toEqual([10]);
    await notFound(
      worker,
      `/api/v1/service/tables/hours?volunteerId=${id.farVolunteer}`,
      'service.volunteer_not_found',
    );
    const far = await ok<Page<HoursRow>>(farWorker, '/api/v1/service/tables/hours');
    expect(far.total).toBe(0);
    const sheet = await sheetOf(
      (
        await worker.get(
          '/api/v1/service/tables/hours.xlsx?sort=-minutes&columns=name,minutes,correction,reason',
        )
      ).rawPayload,
    );
    expect(sheet).toEqual([
      ['志愿者', '分钟', '更正', '原因'],
      // ExcelJS leaves off a row's empty last cells.
      ['刘师傅', '90', ''],
      ['刘师傅', '10', '是', '签退晚了'],
    ]);
    // The volunteers table counts the correction too.
    const liu = (await ok<Page<VolunteerRow>>(worker, '/api/v1/service/tables/volunteers')).items.find(
      (v) => v.id === id.liu,
    );
    expect(liu?.minutes).toBe(100);
  });

  it('answers each role as the station’s other routes do: its own rows, 403 where the role has no part, a far id 404', async () => {
    const office = ['worker', 'committee'];
    const chain = ['branch', 'groupleader', 'partymember', 'buildingleader'];
    const allowed: Record<string, string[]> = {
      sessions: [...office, ...chain, 'volunteer'],
      bookings: [...office, ...chain],
      volunteers: office,
      hours: office,
      orders: [...office, ...chain],
    };
    const farIds = [id.far, id.oFar, id.farRound, id.farHaircut, id.farVolunteer];
    const named: Record<string, string> = {
      sessions: `serviceId=${id.farHaircut}`,
      bookings: `sessionId=${id.far}`,
      volunteers: '',
      hours: `volunteerId=${id.farVolunteer}`,
      orders: `roundId=${id.farRound}`,
    };
    for (const username of ['admin', 'subdistrict', ...office, ...chain, 'volunteer']) {
      const s = await signIn(t.app, username);
      for (const [table, roles] of Object.entries(allowed)) {
        const res = await s.get(`/api/v1/service/tables/${table}?limit=500`);
        const xlsx = await s.get(`/api/v1/service/tables/${table}.xlsx`);
        if (!roles.includes(username)) {
          expect(res.statusCode, `${username} ${table}`).toBe(403);
          expect(xlsx.statusCode, `${username} ${table}.xlsx`).toBe(403);
          continue;
        }
        expect(res.statusCode, `${username} ${table}: ${res.body}`).toBe(200);
        expect(xlsx.statusCode, `${username} ${table}.xlsx`).toBe(200);
        for (const far of farIds) expect(res.body, `${username} ${table}`).not.toContain(far);
        expect(res.body).not.toContain('远方');
        const namedFilter = named[table];
        if (namedFilter) {
          const hidden = await s.get(`/api/v1/service/tables/${table}?${namedFilter}`);
          expect(hidden.statusCode, `${username} ${table}?${namedFilter}`).toBe(404);
        }
      }
    }
  });

  it('is described in the OpenAPI document with its paging and filters', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    for (const table of ['sessions', 'bookings', 'volunteers', 'hours', 'orders']) {
      const names = doc.paths[`/api/v1/service/tables/${table}`]?.get?.parameters?.map((p) => p.name) ?? [];
      expect(names).toEqual(expect.arrayContaining(['limit', 'offset', 'sort']));
      expect(doc.paths[`/api/v1/service/tables/${table}.xlsx`]).toBeDefined();
    }
    expect(doc.paths['/api/v1/service/orders/bulk-delivered']).toBeDefined();
  });
});

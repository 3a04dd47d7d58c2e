import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkinCode } from '../../src/server/service/volunteers.usecases';
import { careFixtures } from '../support/keysMoneyFixtures';
import { pdfText } from '../support/pdfText';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

const HAIRCUT_FEN = 1500;
const RICE = { marketFen: 6000, groupFen: 4500 };

describe.each(DIALECTS)('the volunteer service station on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let leader: SignedIn;
  let volunteer: SignedIn;
  let subdistrict: SignedIn;
  let f: Awaited<ReturnType<typeof careFixtures>>;
  let communityId: string;
  let haircutId: string;
  let sessionId: string;
  let volunteerId: string;
  const bookingIds: string[] = [];

  const residentsOfCommunity = async (n: number) =>
    (
      await t.database.db
        .selectFrom('resident')
        .select('id')
        .where('community_id', '=', communityId)
        .where('moved_out_at', 'is', null)
        .orderBy('id')
        .limit(n)
        .execute()
    ).map((r) => r.id);

  const newSession = async (capacity: number, startsAt: string, endsAt: string, serviceId = haircutId) => {
    const res = await worker.post('/api/v1/service/sessions', {
      serviceId,
      startsAt,
      endsAt,
      place: { kind: 'station' },
      capacity,
      volunteersNeeded: 2,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id as string;
  };

  const signInAll = async () => {
    [worker, leader, volunteer, subdistrict] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'volunteer'),
      signIn(t.app, 'subdistrict'),
    ]);
  };
  /** Moves the clock on; sessions idle that long have ended, so everyone signs in again. */
  const advance = async (minutes: number) => {
    t.clock.advanceMinutes(minutes);
    await signInAll();
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await signInAll();
    f = await careFixtures(t);
    communityId = t.seed.communityIds[0] as string;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a station starts with the default catalogue; a new dated value leaves earlier sessions alone', async () => {
    const res = await worker.get('/api/v1/service/services');
    expect(res.statusCode, res.body).toBe(200);
    const haircut = res.json().items.find((s: { code: string }) => s.code === 'haircut');
    expect(haircut).toMatchObject({ unit: 'visit', currentValueFen: HAIRCUT_FEN });
    haircutId = haircut.id;
    const raised = await worker.post(`/api/v1/service/services/${haircutId}/values`, {
      validFrom: '2026-12-01',
      valueFen: 1800,
    });
    expect(raised.json().currentValueFen).toBe(HAIRCUT_FEN);
    expect(raised.json().values.map((v: { valueFen: number }) => v.valueFen)).toEqual([HAIRCUT_FEN, 1800]);
    expect(
      (
        await leader.post(`/api/v1/service/services/${haircutId}/values`, {
          validFrom: '2026-12-01',
          valueFen: 1,
        })
      ).statusCode,
    ).toBe(403);
    const again = await worker.post(
      '/api/v1/service/services',
      {
        code: 'haircut',
        nameZh: '理发',
        nameEn: 'Haircut',
        unit: 'visit',
        value: { validFrom: '2026-01-01', valueFen: 1000 },
      },
      { 'accept-language': 'en' },
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'service.code_exists', field: 'code' });
  });

  it('a building leader books residents of their households only; a replayed key books once', async () => {
    // 14:00–16:00 in Beijing on the test day.
    sessionId = await newSession(3, '2026-11-29T06:00:00Z', '2026-11-29T08:00:00Z');
    const headers = { 'idempotency-key': 'booking-0001' };
    const first = await leader.post(
      `/api/v1/service/sessions/${sessionId}/bookings`,
      { residentId: f.residentId, homeVisit: true },
      headers,
    );
    expect(first.statusCode, first.body).toBe(200);
    const replay = await leader.post(
      `/api/v1/service/sessions/${sessionId}/bookings`,
      { residentId: f.residentId, homeVisit: true },
      headers,
    );
    expect(replay.json()).toEqual(first.json());
    expect(first.json().booked).toBe(1);
    expect(first.json().bookings).toHaveLength(1);
    expect(first.json().bookings[0]).toMatchObject({ homeVisit: true, served: null });
    const twice = await leader.post(`/api/v1/service/sessions/${sessionId}/bookings`, {
      residentId: f.residentId,
    });
    expect(twice.json().error.code).toBe('service.already_booked');
    const elsewhere = await leader.post(`/api/v1/service/sessions/${sessionId}/bookings`, {
      residentId: f.elsewhereResidentId,
    });
    expect(elsewhere.statusCode).toBe(404);
    const byWorker = await worker.post(`/api/v1/service/sessions/${sessionId}/bookings`, {
      residentId: f.elsewhereResidentId,
    });
    expect(byWorker.statusCode).toBe(200);
    // The building leader sees only their own household's booking.
    const seen = await leader.get(`/api/v1/service/sessions/${sessionId}`);
    expect(seen.json().booked).toBe(2);
    expect(
      seen.json().bookings.map((b: { resident: { residentId: string } }) => b.resident.residentId),
    ).toEqual([f.residentId]);
    const third = await worker.post(`/api/v1/service/sessions/${sessionId}/bookings`, {
      residentId: f.otherOwnResidentId,
    });
    bookingIds.push(...third.json().bookings.map((b: { id: string }) => b.id));
    expect(bookingIds).toHaveLength(3);
  });

  it('a full session refuses more; cancelling frees the place', async () => {
    const [extra] = (await residentsOfCommunity(5)).filter(
      (id) => ![f.residentId, f.otherOwnResidentId, f.elsewhereResidentId].includes(id),
    );
    const full = await worker.post(`/api/v1/service/sessions/${sessionId}/bookings`, { residentId: extra });
    expect(full.json().error.code).toBe('service.session_full');
    const cancelSession = await newSession(1, '2026-11-30T06:00:00Z', '2026-11-30T08:00:00Z');
    const booked = await leader.post(`/api/v1/service/sessions/${cancelSession}/bookings`, {
      residentId: f.residentId,
    });
    const bookingId = booked.json().bookings[0].id;
    const refused = await leader.post(`/api/v1/service/sessions/${cancelSession}/bookings`, {
      residentId: f.otherOwnResidentId,
    });
    expect(refused.json().error.code).toBe('service.session_full');
    const cancelled = await leader.post(`/api/v1/service/bookings/${bookingId}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().booked).toBe(0);
    expect((await leader.post(`/api/v1/service/bookings/${bookingId}/cancel`)).statusCode).toBe(409);
    const now = await leader.post(`/api/v1/service/sessions/${cancelSession}/bookings`, {
      residentId: f.otherOwnResidentId,
    });
    expect(now.statusCode).toBe(200);
  });

  it('concurrent bookings never overbook', async () => {
    const capacity = 2;
    const rush = await newSession(capacity, '2026-12-01T06:00:00Z', '2026-12-01T08:00:00Z');
    const residents = await residentsOfCommunity(8);
    const answers = await Promise.all(
      residents.map((residentId) => worker.post(`/api/v1/service/sessions/${rush}/bookings`, { residentId })),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(capacity);
    expect(codes.filter((c) => c === 409)).toHaveLength(residents.length - capacity);
    const rows = await t.database.db
      .selectFrom('service_booking')
      .select('id')
      .where('session_id', '=', rush)
      .where('cancelled_at', 'is', null)
      .execute();
    expect(rows).toHaveLength(capacity);
    const session = await t.database.db
      .selectFrom('service_session')
      .select('booked')
      .where('id', '=', rush)
      .executeTakeFirstOrThrow();
    expect(session.booked).toBe(capacity);
  });

  it('a volunteer signs up themselves, checks in with the QR code and out; the hours are written', async () => {
    const volunteerUser = t.seed.users.find((u) => u.username === 'volunteer');
    const created = await worker.post('/api/v1/service/volunteers', {
      name: '刘师傅',
      phone: '13900000001',
      userId: volunteerUser?.id,
    });
    expect(created.statusCode, created.body).toBe(200);
    volunteerId = created.json().id;
    const other = await worker.post('/api/v1/service/volunteers', { name: '王姐' });
    expect(
      (
        await volunteer.post(`/api/v1/service/sessions/${sessionId}/signups`, {
          volunteerId: other.json().id,
        })
      ).statusCode,
    ).toBe(404);
    const signed = await volunteer.post(`/api/v1/service/sessions/${sessionId}/signups`, {});
    expect(signed.statusCode, signed.body).toBe(200);
    // Signed up, the volunteer sees the people they will serve.
    expect(signed.json().bookings).toHaveLength(3);
    expect(signed.json().signedUp).toBe(1);

    const qr = await worker.get(`/api/v1/service/sessions/${sessionId}/checkin-qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.body).toContain('<svg');
    expect((await volunteer.get(`/api/v1/service/sessions/${sessionId}/checkin-qr.svg`)).statusCode).toBe(
      403,
    );

    const row = await t.database.db
      .selectFrom('service_session')
      .select(['id', 'qr_secret'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    const code = checkinCode(row);
    expect(
      (await volunteer.post(`/api/v1/service/sessions/${sessionId}/checkin`, { code })).json().error.code,
    ).toBe('service.checkin_closed');
    await advance(240);
    expect(
      (await volunteer.post(`/api/v1/service/sessions/${sessionId}/checkin`, { code: 'x'.repeat(22) }))
        .statusCode,
    ).toBe(403);
    expect((await volunteer.post(`/api/v1/service/sessions/${sessionId}/checkin`, { code })).statusCode).toBe(
      200,
    );
    await advance(90);
    const out = await volunteer.post(`/api/v1/service/sessions/${sessionId}/checkout`, { code });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().signups[0].checkedOutAt).not.toBeNull();
    expect(
      (await volunteer.post(`/api/v1/service/sessions/${sessionId}/checkout`, { code })).statusCode,
    ).toBe(409);
    const hours = await volunteer.get('/api/v1/service/me/hours?year=2026');
    expect(hours.json().totalMinutes).toBe(90);
    expect(hours.json().months).toEqual([{ month: '2026-11', minutes: 90 }]);
  });

  it("a volunteer's coming sessions come in one answer: signed up, and open to join", async () => {
    const ended = await newSession(1, '2026-11-29T03:00:00Z', '2026-11-29T04:00:00Z');
    const res = await volunteer.get('/api/v1/service/me/sessions');
    expect(res.statusCode, res.body).toBe(200);
    const { mine, open } = res.json() as { mine: { id: string }[]; open: { id: string }[] };
    expect(mine.map((s) => s.id)).toEqual([sessionId]);
    const now = t.clock().toISOString();
    const all = (await worker.get('/api/v1/service/sessions')).json().items as {
      id: string;
      endsAt: string;
    }[];
    const coming = all.filter((s) => s.endsAt > now).map((s) => s.id);
    expect(coming).not.toContain(ended);
    expect(open.map((s) => s.id)).toEqual(coming.filter((id) => id !== sessionId));
    expect(open.length).toBeGreaterThan(0);

    const nextDay = await volunteer.get('/api/v1/service/me/sessions?from=2026-11-30&to=2026-11-30');
    expect(nextDay.json().mine).toEqual([]);
    for (const s of nextDay.json().open as { startsAt: string }[])
      expect(s.startsAt.slice(0, 10)).toBe('2026-11-30');
    expect(nextDay.json().open.length).toBeGreaterThan(0);

    expect((await leader.get('/api/v1/service/me/sessions')).statusCode).toBe(403);
    expect((await worker.get('/api/v1/service/me/sessions')).json().error.code).toBe(
      'service.not_a_volunteer',
    );
  });

  it('the organiser records attendance; no-shows only after the end', async () => {
    expect((await worker.post(`/api/v1/service/sessions/${sessionId}/no-shows`)).statusCode).toBe(409);
    for (const id of bookingIds) {
      const res = await worker.post(`/api/v1/service/bookings/${id}/attendance`, { served: true });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(
      (await leader.post(`/api/v1/service/bookings/${bookingIds[0]}/attendance`, { served: false }))
        .statusCode,
    ).toBe(403);
    const late = await worker.post('/api/v1/service/volunteers', { name: '迟到的志愿者' });
    await worker.post(`/api/v1/service/sessions/${sessionId}/signups`, { volunteerId: late.json().id });
    await advance(60);
    const after = await worker.post(`/api/v1/service/sessions/${sessionId}/no-shows`);
    expect(after.statusCode, after.body).toBe(200);
    const noShows = after.json().signups.filter((s: { noShow: boolean }) => s.noShow);
    expect(noShows.map((s: { name: string }) => s.name)).toEqual(['迟到的志愿者']);
  });

  it('hours are corrected by a new entry: the sum changes, the original stays, the database refuses edits', async () => {
    const before = (await worker.get(`/api/v1/service/volunteers/${volunteerId}/hours?year=2026`)).json();
    const original = before.entries[0];
    const res = await worker.post(`/api/v1/service/hours/${original.id}/corrections`, {
      minutes: 120,
      reason: '签退时手机没电，实际 16:00 结束',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totalMinutes).toBe(120);
    expect(res.json().entries).toHaveLength(2);
    expect(res.json().entries[0]).toMatchObject({ id: original.id, minutes: 90 });
    expect(res.json().entries[1]).toMatchObject({ correctsId: original.id, minutes: 30 });
    const same = await worker.post(`/api/v1/service/hours/${original.id}/corrections`, {
      minutes: 120,
      reason: 'x',
    });
    expect(same.json().error.code).toBe('service.hours_correction_same');
    await expect(sql`UPDATE service_hours SET minutes = 999`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM service_hours`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect((await volunteer.get(`/api/v1/service/volunteers/${volunteerId}/hours`)).statusCode).toBe(200);
    // The station's list carries each volunteer's year, the correction included.
    const list = (await worker.get('/api/v1/service/volunteers')).json();
    expect(list.year).toBe(2026);
    const yearOf = (id: string) => list.items.find((v: { id: string }) => v.id === id).yearMinutes;
    expect(yearOf(volunteerId)).toBe(120);
    const someoneElse = list.items.find((v: { id: string }) => v.id !== volunteerId);
    expect(yearOf(someoneElse.id)).toBe(0);
    expect((await volunteer.get(`/api/v1/service/volunteers/${someoneElse.id}/hours`)).statusCode).toBe(404);
    const pdf = await worker.get(`/api/v1/service/volunteers/${volunteerId}/hours/certificate.pdf?year=2026`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdfText(pdf.rawPayload)).toContain('2 小时 0 分');
  });

  it('readings need consent in force; a high one becomes a care follow-up; withdrawal stops new ones', async () => {
    const reading = { residentId: f.residentId, systolic: 152, diastolic: 88 };
    const refused = await worker.post(`/api/v1/service/sessions/${sessionId}/readings`, reading);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('service.consent_required');
    const consent = await worker.post(`/api/v1/service/residents/${f.residentId}/consent`, {
      date: '2026-11-29',
      witness: '李社工',
    });
    expect(consent.statusCode, consent.body).toBe(200);
    const plan = await worker.post('/api/v1/care/plans', { residentId: f.residentId, risk: 'high' });
    expect(plan.statusCode, plan.body).toBe(200);
    const high = await worker.post(`/api/v1/service/sessions/${sessionId}/readings`, reading, {
      'idempotency-key': 'reading-0001',
    });
    expect(high.statusCode, high.body).toBe(200);
    expect(high.json()).toMatchObject({ flagged: true, noCarePlan: false });
    const replay = await worker.post(`/api/v1/service/sessions/${sessionId}/readings`, reading, {
      'idempotency-key': 'reading-0001',
    });
    expect(replay.json().id).toBe(high.json().id);
    const followup = await t.database.db
      .selectFrom('care_followup')
      .select(['plan_id', 'health'])
      .where('id', '=', high.json().careFollowupId)
      .executeTakeFirstOrThrow();
    expect(followup).toEqual({ plan_id: plan.json().id, health: 1 });
    const normal = await worker.post(`/api/v1/service/sessions/${sessionId}/readings`, {
      ...reading,
      systolic: 120,
      diastolic: 80,
    });
    expect(normal.json()).toMatchObject({ flagged: false, careFollowupId: null });

    // Without a care plan the flag is kept and the answer says so.
    await worker.post(`/api/v1/service/residents/${f.otherOwnResidentId}/consent`, {
      date: '2026-11-29',
      witness: '李社工',
    });
    const noPlan = await worker.post(`/api/v1/service/sessions/${sessionId}/readings`, {
      residentId: f.otherOwnResidentId,
      systolic: 130,
      diastolic: 95,
    });
    expect(noPlan.json()).toMatchObject({ flagged: true, careFollowupId: null, noCarePlan: true });

    const withdrawn = await worker.post(`/api/v1/service/residents/${f.residentId}/consent/withdraw`, {});
    expect(withdrawn.json().withdrawnOn).toBe('2026-11-29');
    const after = await worker.post(`/api/v1/service/sessions/${sessionId}/readings`, reading);
    expect(after.json().error.code).toBe('service.consent_required');
    expect(
      (
        await t.database.db
          .selectFrom('service_reading')
          .select('id')
          .where('resident_id', '=', f.residentId)
          .execute()
      ).length,
    ).toBe(2);
  });

  it('readings are hidden from building leaders and volunteers, and each read by a worker is audited', async () => {
    expect((await leader.get(`/api/v1/service/residents/${f.residentId}/readings`)).statusCode).toBe(403);
    expect((await volunteer.get(`/api/v1/service/residents/${f.residentId}/readings`)).statusCode).toBe(403);
    expect(
      (
        await leader.post(`/api/v1/service/sessions/${sessionId}/readings`, {
          residentId: f.residentId,
          systolic: 120,
          diastolic: 80,
        })
      ).statusCode,
    ).toBe(403);
    const audits = () =>
      t.database.db
        .selectFrom('audit_event')
        .select(['resident_id', 'target_type'])
        .where('action', '=', 'read.sensitive')
        .where('field_class', '=', 'health')
        .where('target_type', '=', 'service_reading')
        .execute();
    const before = (await audits()).length;
    const res = await worker.get(`/api/v1/service/residents/${f.residentId}/readings`);
    expect(res.json().items).toHaveLength(2);
    const after = await audits();
    expect(after.length).toBe(before + 2);
    expect(after.at(-1)?.resident_id).toBe(f.residentId);
    // The session as the building leader sees it carries no reading.
    // By its fields and the reading's value as a JSON number (ids are hex and may hold the digits).
    expect((await leader.get(`/api/v1/service/sessions/${sessionId}`)).body).not.toMatch(
      /systolic|diastolic|:152[,}]/,
    );
  });

  it('the consent is asked before a reading: in force, withdrawn or none, each ask audited as health', async () => {
    const audits = () =>
      t.database.db
        .selectFrom('audit_event')
        .select(['resident_id', 'target_type'])
        .where('action', '=', 'read.sensitive')
        .where('field_class', '=', 'health')
        .where('target_type', 'in', ['service_consent', 'resident'])
        .execute();
    const before = (await audits()).length;
    const withdrawn = await worker.get(`/api/v1/service/residents/${f.residentId}/consent`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({
      inForce: false,
      consent: { residentId: f.residentId, date: '2026-11-29', witness: '李社工', withdrawnOn: '2026-11-29' },
    });
    const inForce = await worker.get(`/api/v1/service/residents/${f.otherOwnResidentId}/consent`);
    expect(inForce.json()).toMatchObject({ inForce: true, consent: { withdrawnOn: null } });
    const none = await worker.get(`/api/v1/service/residents/${f.elsewhereResidentId}/consent`);
    expect(none.json()).toEqual({ inForce: false, consent: null });
    const after = await audits();
    expect(after.length).toBe(before + 3);
    expect(after.slice(-3).map((a) => a.resident_id)).toEqual([
      f.residentId,
      f.otherOwnResidentId,
      f.elsewhereResidentId,
    ]);

    expect((await leader.get(`/api/v1/service/residents/${f.residentId}/consent`)).statusCode).toBe(403);
    expect((await volunteer.get(`/api/v1/service/residents/${f.residentId}/consent`)).statusCode).toBe(403);
    const unknown = await worker.get(`/api/v1/service/residents/${crypto.randomUUID()}/consent`);
    expect(unknown.statusCode).toBe(404);
    expect((await audits()).length).toBe(before + 3);
  });

  let roundId: string;
  it('group purchase: orders within scope until closing, delivery list by floor, reconciliation with a difference', async () => {
    const round = await worker.post('/api/v1/service/rounds', {
      title: '十二月米面油团购',
      supplier: '京粮超市',
      closesOn: '2026-11-30',
      items: [
        { name: '大米 10 斤', unit: '袋', ...RICE },
        { name: '花生油 5 升', unit: '桶', marketFen: 9000, groupFen: 9000 },
      ],
    });
    expect(round.statusCode, round.body).toBe(200);
    roundId = round.json().id;
    const [rice, oil] = round.json().items;
    const mine = await t.database.db
      .selectFrom('resident')
      .select('household_id')
      .where('id', '=', f.residentId)
      .executeTakeFirstOrThrow();
    const elsewhere = await t.database.db
      .selectFrom('resident')
      .select('household_id')
      .where('id', '=', f.elsewhereResidentId)
      .executeTakeFirstOrThrow();
    const order = await leader.post(
      `/api/v1/service/rounds/${roundId}/orders`,
      {
        householdId: mine.household_id,
        lines: [
          { itemId: rice.id, quantity: 2 },
          { itemId: oil.id, quantity: 1 },
        ],
      },
      { 'idempotency-key': 'order-00001' },
    );
    expect(order.statusCode, order.body).toBe(200);
    const orderAgain = await leader.post(
      `/api/v1/service/rounds/${roundId}/orders`,
      {
        householdId: mine.household_id,
        lines: [
          { itemId: rice.id, quantity: 2 },
          { itemId: oil.id, quantity: 1 },
        ],
      },
      { 'idempotency-key': 'order-00001' },
    );
    expect(orderAgain.json()).toEqual(order.json());
    expect(order.json().dueFen).toBe(2 * RICE.groupFen + 9000);
    expect(
      (
        await leader.post(`/api/v1/service/rounds/${roundId}/orders`, {
          householdId: elsewhere.household_id,
          lines: [{ itemId: rice.id, quantity: 1 }],
        })
      ).statusCode,
    ).toBe(404);
    const second = await worker.post(`/api/v1/service/rounds/${roundId}/orders`, {
      householdId: elsewhere.household_id,
      lines: [{ itemId: oil.id, quantity: 1 }],
    });
    expect(second.statusCode).toBe(200);

    const list = (await worker.get(`/api/v1/service/rounds/${roundId}/deliveries`)).json();
    const stops = list.items.map(
      (o: { address: { buildingNumber: string; entranceNumber: string; floor: number } }) => o.address,
    );
    const sorted = [...stops].sort(
      (a, b) =>
        a.buildingNumber.localeCompare(b.buildingNumber, 'zh-CN', { numeric: true }) ||
        a.entranceNumber.localeCompare(b.entranceNumber, 'zh-CN', { numeric: true }) ||
        a.floor - b.floor,
    );
    expect(stops).toEqual(sorted);
    expect(list.round.savingsFen).toBe(2 * (RICE.marketFen - RICE.groupFen));
    expect((await leader.get(`/api/v1/service/rounds/${roundId}/deliveries`)).json().items).toHaveLength(1);
    const pdf = await leader.get(`/api/v1/service/rounds/${roundId}/deliveries.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // Each sees the doors still waiting in their own scope: the leader one, the worker both.
    const waiting = async (as: typeof leader) =>
      (await as.get(`/api/v1/service/rounds/${roundId}`)).json().undeliveredInScope;
    expect([await waiting(leader), await waiting(worker)]).toEqual([1, 2]);
    const delivered = await leader.post(`/api/v1/service/orders/${order.json().id}/delivered`, {
      receivedBy: '老伴儿',
    });
    expect(delivered.json().receivedBy).toBe('老伴儿');
    expect([await waiting(leader), await waiting(worker)]).toEqual([0, 1]);
    const listed = (await leader.get('/api/v1/service/rounds')).json().items;
    expect(listed.find((r: { id: string }) => r.id === roundId).undeliveredInScope).toBe(0);
    const short = 2 * RICE.groupFen + 9000 - 500;
    const unexplained = await worker.post(`/api/v1/service/orders/${order.json().id}/collected`, {
      collectedFen: short,
    });
    expect(unexplained.json().error.code).toBe('service.difference_unexplained');
    await worker.post(`/api/v1/service/orders/${order.json().id}/collected`, {
      collectedFen: short,
      note: '零钱不够，下次补 5 元',
    });
    await worker.post(`/api/v1/service/orders/${second.json().id}/collected`, { collectedFen: 9000 });
    const rec = (await worker.get(`/api/v1/service/rounds/${roundId}/reconciliation`)).json();
    expect(rec.expectedFen).toBe(2 * RICE.groupFen + 9000 + 9000);
    expect(rec.collectedFen).toBe(short + 9000);
    expect(rec.differences).toEqual([
      expect.objectContaining({
        orderId: order.json().id,
        differenceFen: -500,
        note: '零钱不够，下次补 5 元',
      }),
    ]);

    await advance(2 * 24 * 60);
    const closed = await leader.post(`/api/v1/service/rounds/${roundId}/orders`, {
      householdId: mine.household_id,
      lines: [{ itemId: rice.id, quantity: 1 }],
    });
    expect(closed.json().error.code).toBe('service.round_closed');
  });

  it('the value delivered matches the hand-computed sums, month by month, and the subdistrict reads it', async () => {
    // A December haircut, after the value was raised to 18.00.
    const december = await newSession(5, '2026-12-02T06:00:00Z', '2026-12-02T08:00:00Z');
    const booked = await worker.post(`/api/v1/service/sessions/${december}/bookings`, {
      residentId: f.elsewhereResidentId,
    });
    await worker.post(`/api/v1/service/bookings/${booked.json().bookings[0].id}/attendance`, {
      served: true,
    });

    const novemberFen = 3 * HAIRCUT_FEN + 2 * (RICE.marketFen - RICE.groupFen);
    const decemberFen = 1 * 1800;
    const res = await worker.get('/api/v1/service/value?from=2026-11-01&to=2026-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.servicesFen).toBe(3 * HAIRCUT_FEN + 1800);
    expect(v.savingsFen).toBe(2 * (RICE.marketFen - RICE.groupFen));
    expect(v.totalFen).toBe(novemberFen + decemberFen);
    expect(v.byMonth).toEqual([
      {
        month: '2026-11',
        servicesFen: 3 * HAIRCUT_FEN,
        savingsFen: 3000,
        totalFen: novemberFen,
        runningFen: novemberFen,
      },
      {
        month: '2026-12',
        servicesFen: 1800,
        savingsFen: 0,
        totalFen: decemberFen,
        runningFen: novemberFen + decemberFen,
      },
    ]);
    expect(v.byService).toEqual([
      expect.objectContaining({ key: haircutId, delivered: 4, fen: 3 * HAIRCUT_FEN + 1800 }),
    ]);
    expect(v.byBuilding.reduce((s: number, b: { fen: number }) => s + b.fen, 0)).toBe(v.totalFen);
    expect(v.byVolunteer).toEqual([
      expect.objectContaining({ key: volunteerId, fen: 3 * HAIRCUT_FEN, minutes: 120 }),
    ]);

    const sub = await subdistrict.get(
      `/api/v1/service/value?communityId=${communityId}&from=2026-11-01&to=2026-12-31`,
    );
    expect(sub.json().totalFen).toBe(novemberFen + decemberFen);
    expect((await leader.get('/api/v1/service/value?from=2026-11-01&to=2026-12-31')).statusCode).toBe(403);
    const pdf = await worker.get('/api/v1/service/value/summary.pdf?month=2026-11');
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain('75.00');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Issue 20, services that recur: a weekly haircut series over a month, a resident enrolled booked on
 * each session, a volunteer signed up for the series and another for one date, one date cancelled with
 * a reason and the people booked on it listed to be told, one moved.
 */
describe.each(DIALECTS)('recurring service sessions on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let c2Worker: SignedIn;
  let leader: SignedIn;
  let seriesId: string;
  let sessions: { id: string; startsAt: string }[];
  let residentId: string;
  let volunteerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, c2Worker, leader] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'c2.worker'),
      signIn(t.app, 'buildingleader'),
    ]);
    residentId = (
      await t.database.db
        .selectFrom('resident')
        .select('id')
        .where('community_id', '=', t.seed.communityIds[0] as string)
        .where('moved_out_at', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    volunteerId = (
      await worker.post('/api/v1/service/volunteers', { name: '刘师傅', phone: '13800000001' })
    ).json().id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a weekly series generates its Tuesdays four weeks ahead', async () => {
    const services = (await worker.get('/api/v1/service/services')).json();
    const haircut = services.items.find((s: { code: string }) => s.code === 'haircut') ?? services.items[0];
    const res = await worker.post('/api/v1/service/series', {
      serviceId: haircut.id,
      rule: 'weekly',
      weekday: 2,
      startTime: '09:00',
      minutes: 120,
      place: { kind: 'station' },
      capacity: 10,
      volunteersNeeded: 2,
      startsOn: '2026-11-29',
      weeksAhead: 4,
      note: '每周二上午理发',
    });
    expect(res.statusCode, res.body).toBe(200);
    const series = res.json();
    seriesId = series.id;
    sessions = series.sessions;
    // 2026-11-29 is a Sunday: Tuesdays 1, 8, 15 and 22 December, 09:00 in Beijing.
    expect(sessions.map((s) => s.startsAt)).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-08T01:00:00.000Z',
      '2026-12-15T01:00:00.000Z',
      '2026-12-22T01:00:00.000Z',
    ]);
    expect(series.sessions.every((s: { seriesId: string }) => s.seriesId === seriesId)).toBe(true);
    // Generating again the same day adds nothing.
    expect((await worker.post(`/api/v1/service/series/${seriesId}/generate`)).json().sessions).toHaveLength(
      4,
    );
  });

  it('an enrolled resident is booked on each session; volunteers join the series or one date', async () => {
    const enrolled = await worker.post(`/api/v1/service/series/${seriesId}/enrolments`, {
      residentId,
      homeVisit: false,
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    expect(enrolled.json().enrolled).toBe(1);
    expect(enrolled.json().sessions.map((s: { booked: number }) => s.booked)).toEqual([1, 1, 1, 1]);
    expect(
      (await worker.post(`/api/v1/service/series/${seriesId}/enrolments`, { residentId })).statusCode,
    ).toBe(409);

    const joined = await worker.post(`/api/v1/service/series/${seriesId}/volunteers`, { volunteerId });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json().sessions.map((s: { signedUp: number }) => s.signedUp)).toEqual([1, 1, 1, 1]);
    const once = (await worker.post('/api/v1/service/volunteers', { name: '王姐' })).json().id;
    const oneDate = await worker.post(`/api/v1/service/sessions/${sessions[2]?.id}/signups`, {
      volunteerId: once,
    });
    expect(oneDate.statusCode, oneDate.body).toBe(200);
    expect(oneDate.json().signedUp).toBe(2);

    // A week later the horizon moves on: the new Tuesday comes booked and staffed.
    t.clock.advanceMinutes(7 * 24 * 60);
    // Sessions of the sign-in end long before a week is over.
    [worker, c2Worker, leader] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'c2.worker'),
      signIn(t.app, 'buildingleader'),
    ]);
    const later = (await worker.post(`/api/v1/service/series/${seriesId}/generate`)).json();
    const last = later.sessions.at(-1);
    expect(last.startsAt).toBe('2026-12-29T01:00:00.000Z');
    expect([last.booked, last.signedUp]).toEqual([1, 1]);
  });

  it('one date is cancelled with a reason, and everyone booked on it is listed to be told', async () => {
    const target = sessions[2] as { id: string };
    expect((await worker.post(`/api/v1/service/sessions/${target.id}/cancel`, {})).statusCode).toBe(400);
    const res = await worker.post(`/api/v1/service/sessions/${target.id}/cancel`, { reason: '理发师傅生病' });
    expect(res.statusCode, res.body).toBe(200);
    const change = res.json();
    expect(change.session).toMatchObject({ cancelledAt: expect.any(String), changeReason: '理发师傅生病' });
    expect(change.residentsToTell.map((r: { residentId: string }) => r.residentId)).toEqual([residentId]);
    expect(change.volunteersToTell.map((v: { name: string }) => v.name).sort()).toEqual(
      ['刘师傅', '王姐'].sort(),
    );
    expect(change.volunteersToTell.find((v: { name: string }) => v.name === '刘师傅').phone).toBe(
      '13800000001',
    );

    const again = await worker.post(
      `/api/v1/service/sessions/${target.id}/cancel`,
      { reason: '再取消' },
      {
        'accept-language': 'en',
      },
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('This session has been cancelled.');
    const other = residentId;
    expect(
      (await worker.post(`/api/v1/service/sessions/${target.id}/bookings`, { residentId: other })).json()
        .error.code,
    ).toBe('service.session_cancelled');

    const series = (await worker.get(`/api/v1/service/series/${seriesId}`)).json();
    expect(
      series.sessions.filter((s: { cancelledAt: string | null }) => s.cancelledAt === null),
    ).toHaveLength(4);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('target_id')
      .where('action', '=', 'service.session_cancel')
      .execute();
    expect(audit.map((a) => a.target_id)).toEqual([target.id]);
  });

  it('one date is moved with a reason; the series and its sessions keep to the station’s scope', async () => {
    const target = sessions[3] as { id: string; startsAt: string };
    const res = await worker.post(`/api/v1/service/sessions/${target.id}/move`, {
      startsAt: '2026-12-23T01:00:00Z',
      endsAt: '2026-12-23T03:00:00Z',
      reason: '周二停水，改到周三',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().session).toMatchObject({
      startsAt: '2026-12-23T01:00:00.000Z',
      movedFrom: target.startsAt,
      changeReason: '周二停水，改到周三',
    });
    expect(res.json().residentsToTell).toHaveLength(1);

    expect((await c2Worker.get(`/api/v1/service/series/${seriesId}`)).statusCode).toBe(404);
    expect(
      (await c2Worker.post(`/api/v1/service/sessions/${target.id}/cancel`, { reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await worker.get(`/api/v1/service/series/${randomUUID()}`)).statusCode).toBe(404);
    expect(
      (await leader.post(`/api/v1/service/sessions/${target.id}/cancel`, { reason: 'x' })).statusCode,
    ).toBe(403);
    // The station's list: its own series with the sessions from today on; another community's sees none.
    const list = (await worker.get('/api/v1/service/series')).json();
    expect(list.series.map((s: { id: string }) => s.id)).toEqual([seriesId]);
    const dayAgo = new Date(t.clock().getTime() - 24 * 3_600_000).toISOString();
    expect(list.series[0].sessions.every((s: { startsAt: string }) => s.startsAt > dayAgo)).toBe(true);
    expect(list.series[0].sessions.length).toBeGreaterThan(0);
    expect((await c2Worker.get('/api/v1/service/series')).json().series).toEqual([]);
    const bad = await worker.post('/api/v1/service/series', { rule: 'weekly' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');
  });
});

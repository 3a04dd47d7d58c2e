import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/** The default hourly rate of cleaning (打扫卫生), fen per hour. */
const CLEANING_FEN = 4000;

/**
 * The value summary reads a roll-up written when attendance, a check-in or a dated value changes; every
 * one of those changes must show in the totals at once, exactly.
 */
describe.each(DIALECTS)('the value roll-up follows every change on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
  });
  afterAll(async () => {
    await t.close();
  });

  const november = async () => {
    const res = await worker.get('/api/v1/service/value?from=2026-11-01&to=2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('attendance, a late check-in, a correction and a value set after the fact', async () => {
    const services = (await worker.get('/api/v1/service/services')).json().items;
    const cleaning = services.find((s: { code: string }) => s.code === 'cleaning');
    expect(cleaning).toMatchObject({ unit: 'hour', currentValueFen: CLEANING_FEN });
    // 90 minutes, starting half an hour from the test clock (2026-11-29 10:00 in Beijing).
    const created = await worker.post('/api/v1/service/sessions', {
      serviceId: cleaning.id,
      startsAt: '2026-11-29T02:30:00Z',
      endsAt: '2026-11-29T04:00:00Z',
      place: { kind: 'station' },
      capacity: 5,
      volunteersNeeded: 1,
    });
    expect(created.statusCode, created.body).toBe(200);
    const sessionId = created.json().id as string;
    const residents = await t.database.db
      .selectFrom('resident')
      .select('id')
      .where('community_id', '=', t.seed.communityIds[0] as string)
      .where('moved_out_at', 'is', null)
      .orderBy('id')
      .limit(2)
      .execute();
    const bookingIds: string[] = [];
    for (const r of residents) {
      const booked = await worker.post(`/api/v1/service/sessions/${sessionId}/bookings`, {
        residentId: r.id,
      });
      expect(booked.statusCode, booked.body).toBe(200);
      bookingIds.push(booked.json().bookings.at(-1).id);
    }
    const before = await november();

    for (const id of bookingIds)
      expect(
        (await worker.post(`/api/v1/service/bookings/${id}/attendance`, { served: true })).statusCode,
      ).toBe(200);
    const oneAtFourtyYuan = Math.round((CLEANING_FEN * 90) / 60);
    const served = await november();
    expect(served.servicesFen - before.servicesFen).toBe(2 * oneAtFourtyYuan);

    // Checked in after attendance was taken: credited with the whole session all the same.
    const volunteer = await worker.post('/api/v1/service/volunteers', { name: '赵大姐' });
    const checkedIn = await worker.post(`/api/v1/service/sessions/${sessionId}/checkin`, {
      volunteerId: volunteer.json().id,
    });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    const credited = (await november()).byVolunteer.find(
      (v: { key: string }) => v.key === volunteer.json().id,
    );
    expect(credited).toMatchObject({ label: '赵大姐', fen: 2 * oneAtFourtyYuan });

    // A correction: one of the two was not served after all.
    await worker.post(`/api/v1/service/bookings/${bookingIds[1]}/attendance`, { served: false });
    const corrected = await november();
    expect(corrected.servicesFen - before.servicesFen).toBe(oneAtFourtyYuan);
    expect(corrected.byVolunteer.find((v: { key: string }) => v.key === volunteer.json().id).fen).toBe(
      oneAtFourtyYuan,
    );

    // The station sets a higher value from the start of the month: the session is worth more now.
    const raised = await worker.post(`/api/v1/service/services/${cleaning.id}/values`, {
      validFrom: '2026-11-01',
      valueFen: 5000,
    });
    expect(raised.statusCode, raised.body).toBe(200);
    const revalued = await november();
    const oneAtFiftyYuan = Math.round((5000 * 90) / 60);
    expect(revalued.servicesFen - before.servicesFen).toBe(oneAtFiftyYuan);
    expect(revalued.byService.find((s: { key: string }) => s.key === cleaning.id)).toMatchObject({
      delivered: 1,
      fen: oneAtFiftyYuan,
    });
    expect(revalued.byVolunteer.find((v: { key: string }) => v.key === volunteer.json().id).fen).toBe(
      oneAtFiftyYuan,
    );
    expect(revalued.byMonth[0].servicesFen).toBe(revalued.servicesFen);
  });
});

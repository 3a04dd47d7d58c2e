import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careFixtures } from '../support/keysMoneyFixtures';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * The charts' figures (issue 16) on a small fixture made through the areas' own endpoints: against
 * hand-computed counts, against what the rates, visit-rate and value endpoints give for the same month,
 * and the scope table of every chart endpoint.
 */
describe.each(DIALECTS)('the charts on %s', (dialect) => {
  let t: TestApp;
  let committee: SignedIn;
  let leader: SignedIn;
  let household: string;

  beforeAll(async () => {
    // The clock starts on Sunday 2026-11-29, 10:00 in Beijing; the week began on Monday 2026-11-23.
    t = await createTestApp(dialect);
    committee = await signIn(t.app, 'committee');
    leader = await signIn(t.app, 'buildingleader');
    household = (await leader.get('/api/v1/households?limit=1')).json().items[0].id;
  });
  afterAll(async () => {
    await t.close();
  });

  const ok = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode, res.body).toBe(200);
    return JSON.parse(res.body);
  };
  const report = async (category: string) =>
    ok(await leader.post('/api/v1/reports', { householdId: household, description: '楼道灯坏了', category }))
      .id as string;

  it('counts reports per week by category, the rates per tier month by month, and the time to the committee', async () => {
    // Ten repairs held by the building leader, seven answered at once; two disputes go to the party member.
    const repairs: string[] = [];
    for (let i = 0; i < 10; i++) repairs.push(await report('repairs'));
    for (const id of repairs.slice(0, 7)) {
      ok(await leader.post(`/api/v1/reports/${id}/transition`, { action: 'acknowledge' }));
    }
    t.clock.advanceMinutes(1);
    const disputeA = await report('neighbour_dispute');
    t.clock.advanceMinutes(2);
    const disputeB = await report('neighbour_dispute');
    t.clock.advanceMinutes(1);
    // The committee's screen receives three of them now: 4 + ... minutes after each was saved.
    for (const id of [repairs[0] as string, disputeA, disputeB]) {
      ok(await committee.post(`/api/v1/reports/${id}/seen`, {}));
    }

    const weeks = ok(await committee.get('/api/v1/stats/reports-by-week?weeks=4'));
    expect(weeks.weeks.map((w: { weekStart: string }) => w.weekStart)).toEqual([
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
    ]);
    expect(weeks.categories.map((c: { key: string }) => c.key).sort()).toEqual([
      'neighbour_dispute',
      'repairs',
    ]);
    expect(weeks.weeks[3]).toEqual({
      weekStart: '2026-11-23',
      total: 12,
      counts: { repairs: 10, neighbour_dispute: 2 },
    });
    expect(weeks.weeks[0]).toMatchObject({ total: 0, counts: { repairs: 0, neighbour_dispute: 0 } });
    // The building leader sees only the reports in their own scope: all twelve are theirs.
    expect(ok(await leader.get('/api/v1/stats/reports-by-week?weeks=1')).weeks[0].total).toBe(12);

    // The first windows end: the three repairs left unanswered are late.
    t.clock.advanceMinutes(3 * 24 * 60);
    committee = await signIn(t.app, 'committee');
    leader = await signIn(t.app, 'buildingleader');
    const trend = ok(await committee.get('/api/v1/stats/rates-trend?month=2026-11'));
    expect(trend.minReports).toBe(10);
    expect(trend.months).toHaveLength(12);
    expect(trend.months[0].month).toBe('2025-12');
    expect(trend.previousYear[11].month).toBe('2025-11');
    const nov = trend.months[11];
    expect(nov.month).toBe('2026-11');
    expect(nov.total).toMatchObject({ reports: 12 });
    // By hand: the building leader first held ten, seven answered in their window.
    expect(nov.tiers.map((x: { tier: string }) => x.tier)).toEqual(['building_leader']);
    expect(nov.tiers[0].figures).toMatchObject({ reports: 10, responseBase: 10, respondedInWindow: 7 });
    expect(nov.tiers[0].figures.responseRate).toBeCloseTo(0.7);
    // The party member's two are withheld, and counted.
    expect(nov.withheld).toBe(1);
    expect(trend.months[10]).toEqual({ month: '2026-10', total: null, tiers: [], withheld: 0 });
    // The same as the rates page gives for that month.
    const rates = ok(await committee.get('/api/v1/reports/rates?month=2026-11&groupBy=tier'));
    expect(nov.total).toEqual(rates.total.current);
    expect(nov.tiers[0].figures).toEqual(rates.rows[0].current);

    const toCommittee = ok(await committee.get('/api/v1/stats/to-committee?month=2026-11'));
    expect(toCommittee.months).toHaveLength(12);
    // By hand: 4, 3 and 1 minutes from saving; nearest rank p50 = 3 min, p90 = 4 min.
    expect(toCommittee.months[11]).toEqual({ month: '2026-11', measured: 3, p50Ms: 180_000, p90Ms: 240_000 });
    const monthly = ok(await committee.get('/api/v1/monthly-report?month=2026-11'));
    expect(monthly.figures.reports.toCommittee).toEqual({ measured: 3, p50Ms: 180_000, p90Ms: 240_000 });
  });

  it('gives the visit rate by building and the service value and hours per month as their endpoints do', async () => {
    const f = await careFixtures(t);
    const planId = ok(
      await committee.post('/api/v1/care/plans', { residentId: f.residentId, risk: 'high' }),
    ).id;
    ok(await leader.post(`/api/v1/care/plans/${planId}/visits`, { activities: ['chat'] }));
    const rate = ok(await committee.get('/api/v1/care/visit-rate?month=2026-12'));
    const byBuilding = ok(await committee.get('/api/v1/stats/visits-by-building?month=2026-12'));
    expect(byBuilding.month).toBe('2026-12');
    const total = byBuilding.buildings.reduce((n: number, b: { plans: number }) => n + b.plans, 0);
    expect(total).toBe(rate.plans);
    const building = rate.items[0].address.buildingNumber;
    // By hand: a high-risk plan asks for a visit a week, four in what is left of December; one made.
    expect(rate.items[0].required).toBe(4);
    expect(byBuilding.buildings).toEqual([
      { buildingNumber: building, plans: 1, met: 0, required: 4, visits: 1, rate: 0 },
    ]);

    const service = ok(await committee.get('/api/v1/stats/service-by-month?month=2026-12'));
    expect(service.months.map((m: { month: string }) => m.month).slice(-2)).toEqual(['2026-11', '2026-12']);
    const value = ok(await committee.get('/api/v1/service/value?from=2026-12-01&to=2026-12-31'));
    const monthly = ok(await committee.get('/api/v1/monthly-report?month=2026-11'));
    expect(service.months[11]).toMatchObject({ valueFen: value.totalFen, savingsFen: value.savingsFen });
    expect(service.months[10]).toMatchObject({
      valueFen: monthly.figures.service.valueFen,
      volunteerMinutes: monthly.figures.service.volunteerMinutes,
    });
  });

  /**
   * Who reaches which chart: their own community, another of the same subdistrict (sibling), a community
   * of another subdistrict (far), an id nobody has. 200 shown, 404 hidden, 403 refused.
   */
  it('keeps to the scope table for every chart endpoint', async () => {
    const [own, sibling] = t.seed.communityIds as [string, string];
    const places = {
      own,
      sibling,
      far: t.farCommunityId,
      nonexistent: '00000000-0000-4000-8000-000000000000',
    };
    const urls = {
      rates: 'rates-trend?month=2026-11',
      weeks: 'reports-by-week?weeks=4',
      committee: 'to-committee?month=2026-11',
      visits: 'visits-by-building?month=2026-11',
      service: 'service-by-month?month=2026-11',
    };
    type Url = keyof typeof urls;
    const community = { own: 200, sibling: 404, far: 404, nonexistent: 404 };
    const both = { own: 200, sibling: 200, far: 404, nonexistent: 404 };
    const refused = { own: 403, sibling: 403, far: 403, nonexistent: 403 };
    const all = (row: typeof community): Record<Url, typeof community> => ({
      rates: row,
      weeks: row,
      committee: row,
      visits: row,
      service: row,
    });
    const chain = {
      rates: community,
      weeks: community,
      committee: refused,
      visits: community,
      service: refused,
    };
    const table: Record<string, Record<Url, typeof community>> = {
      committee: all(community),
      worker: all(community),
      subdistrict: all(both),
      branch: chain,
      buildingleader: chain,
      volunteer: all(refused),
      admin: all(refused),
    };
    const got: typeof table = {};
    for (const username of Object.keys(table)) {
      const session = await signIn(t.app, username);
      const rows = {} as Record<Url, typeof community>;
      for (const [url, path] of Object.entries(urls) as [Url, string][]) {
        const row = {} as typeof community;
        for (const [place, id] of Object.entries(places) as [keyof typeof community, string][]) {
          row[place] = (await session.get(`/api/v1/stats/${path}&communityId=${id}`)).statusCode;
        }
        rows[url] = row;
      }
      got[username] = rows;
    }
    expect(got).toEqual(table);
    // The subdistrict names a community: it has several.
    const sub = await signIn(t.app, 'subdistrict');
    const res = await sub.get('/api/v1/stats/rates-trend?month=2026-11');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('desk.community_required');
  });

  it('lists every chart endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      'rates-trend',
      'reports-by-week',
      'to-committee',
      'visits-by-building',
      'service-by-month',
    ]) {
      expect(Object.keys(doc.paths)).toContain(`/api/v1/stats/${path}`);
    }
  });
});

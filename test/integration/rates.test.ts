import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

interface Figures {
  reports: number;
  responseBase: number;
  respondedInWindow: number;
  responseRate: number | null;
  withFeedback: number;
  solved: number;
  satisfied: number;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}
interface Row {
  rank: number;
  key: string;
  label: string | null;
  tier: string | null;
  current: Figures;
  previous: Figures | null;
}
interface Rates {
  month: string;
  previousMonth: string;
  rows: Row[];
  withheld: number;
  total: { current: Figures | null; previous: Figures | null };
}

describe.each(DIALECTS)('the three rates on %s', (dialect) => {
  let t: TestApp;
  let household: string;
  let leaderPosition: string;
  let partyMemberPosition: string;
  let committee: SignedIn;

  beforeAll(async () => {
    // The clock starts on Sunday 2026-11-29, 10:00 in Beijing.
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const rates = async (s: SignedIn, query: string) => {
    const res = await s.get(`/api/v1/reports/rates?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Rates;
  };
  const report = async (s: SignedIn, body: Record<string, unknown>) => {
    const res = await s.post('/api/v1/reports', {
      householdId: household,
      description: '楼道灯坏了',
      category: 'repairs',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; responsibleTier: string };
  };
  const act = async (s: SignedIn, id: string, action: string) => {
    const res = await s.post(`/api/v1/reports/${id}/transition`, { action });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** The resident's answers, written as the feedback link would (that route is another module's). */
  const feedback = (reportId: string, solved: boolean, satisfied: boolean) =>
    t.database.db
      .insertInto('report_feedback')
      .values({
        id: randomUUID(),
        report_id: reportId,
        solved: solved ? 1 : 0,
        satisfied: satisfied ? 1 : 0,
        recorded_by_user_id: null,
        at: t.clock().toISOString(),
      })
      .execute();

  it('counts response, resolution and satisfaction per person, beside the month before, withholding small groups', async () => {
    let leader = await signIn(t.app, 'buildingleader');
    committee = await signIn(t.app, 'committee');
    household = (await leader.get('/api/v1/households?limit=1')).json().items[0].id;

    // November: ten answered at once, two 24-hour-urgency ones acknowledged after their two-hour window.
    const onTime = [];
    for (let i = 0; i < 10; i++) onTime.push((await report(leader, {})).id);
    for (const id of onTime) await act(leader, id, 'acknowledge');
    const slow = [
      (await report(leader, { urgency: 'utilities' })).id,
      (await report(leader, { urgency: 'utilities' })).id,
    ];
    // Three disputes go to the party member above and stay unanswered, still inside their window.
    for (let i = 0; i < 3; i++) {
      expect((await report(leader, { category: 'neighbour_dispute' })).responsibleTier).toBe('party_member');
    }
    t.clock.advanceMinutes(125);
    leader = await signIn(t.app, 'buildingleader');
    committee = await signIn(t.app, 'committee');
    for (const id of slow) await act(leader, id, 'acknowledge');
    // Six resolved; the residents answer: four solved (three of them satisfied), two not.
    for (const id of onTime.slice(0, 6)) await act(leader, id, 'resolve');
    const answers: [boolean, boolean][] = [
      [true, true],
      [true, true],
      [true, true],
      [true, false],
      [false, false],
      [false, false],
    ];
    for (const [i, [solved, satisfied]] of answers.entries()) {
      await feedback(onTime[i] as string, solved, satisfied);
    }
    // Answered twice: the latest answer counts.
    t.clock.advanceMinutes(1);
    await feedback(onTime[5] as string, false, true);

    const november = await rates(committee, 'month=2026-11&groupBy=person');
    expect(november).toMatchObject({ month: '2026-11', previousMonth: '2026-10', withheld: 1 });
    expect(november.rows).toHaveLength(1);
    const [leaderRow] = november.rows as [Row];
    leaderPosition = leaderRow.key;
    expect(leaderRow).toMatchObject({ rank: 1, tier: 'building_leader', previous: null });
    expect(leaderRow.label).toEqual(expect.any(String));
    expect(leaderRow.current).toMatchObject({
      reports: 12,
      responseBase: 12,
      respondedInWindow: 10,
      withFeedback: 6,
      solved: 4,
      satisfied: 4,
    });
    expect(leaderRow.current.responseRate).toBeCloseTo(10 / 12);
    expect(leaderRow.current.resolutionRate).toBeCloseTo(4 / 6);
    expect(leaderRow.current.satisfactionRate).toBeCloseTo(4 / 6);
    // The community as a whole: fifteen reports; the three disputes are still pending.
    expect(november.total.current).toMatchObject({ reports: 15, responseBase: 12, respondedInWindow: 10 });

    const byTier = await rates(committee, 'month=2026-11&groupBy=tier');
    expect(byTier.rows.map((r) => [r.key, r.label, r.current.reports])).toEqual([
      ['building_leader', '楼门长', 12],
    ]);
    expect(byTier.withheld).toBe(1);
    const byBuilding = await rates(committee, 'month=2026-11&groupBy=building');
    expect(byBuilding.rows).toHaveLength(1);
    expect(byBuilding.rows[0]?.label).toMatch(/号楼$/);
    expect(byBuilding.rows[0]?.current.reports).toBe(15);

    // December: ten more, all answered at once; November now sits beside them.
    t.clock.advanceMinutes(4 * 24 * 60);
    leader = await signIn(t.app, 'buildingleader');
    committee = await signIn(t.app, 'committee');
    for (let i = 0; i < 10; i++) await act(leader, (await report(leader, {})).id, 'acknowledge');
    const december = await rates(committee, 'groupBy=person');
    expect(december.month).toBe('2026-12');
    const row = december.rows.find((r) => r.key === leaderPosition);
    expect(row?.current).toMatchObject({
      reports: 10,
      responseRate: 1,
      withFeedback: 0,
      resolutionRate: null,
    });
    expect(row?.previous).toMatchObject({ reports: 12, respondedInWindow: 10, withFeedback: 6 });
    // The disputes' window has passed unanswered by now: they count against the party member.
    expect(december.total.previous).toMatchObject({ reports: 15, responseBase: 15, respondedInWindow: 10 });

    const byMonth = await rates(committee, 'month=2026-12&groupBy=month&sort=satisfaction');
    expect(byMonth.rows.map((r) => r.key)).toEqual(['2026-11', '2026-12']);
    expect(byMonth.rows.find((r) => r.key === '2026-12')?.previous?.reports).toBe(15);
  });

  it('shows chain roles only their own subtree, and each community only to its own people', async () => {
    const partyMember = await signIn(t.app, 'partymember');
    const leader = await signIn(t.app, 'buildingleader');
    committee = await signIn(t.app, 'committee');
    const own = await rates(leader, 'month=2026-11&groupBy=person');
    expect(own.rows.map((r) => r.key)).toEqual([leaderPosition]);
    expect(own.withheld).toBe(0);
    const mine = await rates(partyMember, 'month=2026-11&groupBy=person');
    // The party member's own three disputes are withheld; the committee never appears in their ranking.
    expect(mine.rows.map((r) => r.key)).toEqual([leaderPosition]);
    expect(mine.withheld).toBe(1);
    partyMemberPosition = (
      await t.database.db
        .selectFrom('report')
        .select('responsible_position_id')
        .where('category', '=', 'neighbour_dispute')
        .executeTakeFirstOrThrow()
    ).responsible_position_id as string;
    expect(mine.rows.map((r) => r.key)).not.toContain(partyMemberPosition);

    const other = await signIn(t.app, 'c2.committee');
    const theirs = await rates(other, 'month=2026-11&groupBy=person');
    expect(theirs.rows).toEqual([]);
    expect(theirs.total.current).toBeNull();
    const [ours, otherCommunity] = t.seed.communityIds as [string, string];
    expect((await other.get(`/api/v1/reports/rates?communityId=${ours}`)).statusCode).toBe(404);
    expect((await committee.get(`/api/v1/reports/rates?communityId=${otherCommunity}`)).statusCode).toBe(404);

    const subdistrict = await signIn(t.app, 'subdistrict');
    const fromAbove = await rates(subdistrict, `month=2026-11&groupBy=person&communityId=${ours}`);
    expect(fromAbove.rows.map((r) => r.key)).toEqual([leaderPosition]);
    const volunteer = await signIn(t.app, 'volunteer');
    expect((await volunteer.get('/api/v1/reports/rates')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reports/rates' })).statusCode).toBe(401);
    const bad = await committee.get('/api/v1/reports/rates?month=2026-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');
  });
});

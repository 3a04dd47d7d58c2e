import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

interface Subject {
  householdId: string;
  residentId: string;
  buildingNumber: string;
}

describe.each(DIALECTS)('care plans and visits on %s', (dialect) => {
  let t: TestApp;
  const subjects: Subject[] = [];
  let others: Subject[] = [];
  const as = (username: string) => signIn(t.app, username);
  const patch = (s: SignedIn, url: string, payload: object) =>
    t.app.inject({
      method: 'PATCH',
      url,
      payload,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const leader = await as('buildingleader');
    const households = (await leader.get('/api/v1/households?limit=50')).json().items as { id: string }[];
    for (const h of households) {
      const detail = (await leader.get(`/api/v1/households/${h.id}`)).json();
      for (const m of detail.members as { id: string }[]) {
        subjects.push({ householdId: h.id, residentId: m.id, buildingNumber: detail.address.buildingNumber });
      }
    }
    // Residents of the community outside the leader's households.
    const committee = await as('committee');
    const all = (await committee.get('/api/v1/households?limit=500')).json().items as { id: string }[];
    const mine = new Set(subjects.map((s) => s.householdId));
    for (const h of all.filter((x) => !mine.has(x.id)).slice(0, 6)) {
      const detail = (await committee.get(`/api/v1/households/${h.id}`)).json();
      const m = detail.members[0];
      if (m)
        others.push({ householdId: h.id, residentId: m.id, buildingNumber: detail.address.buildingNumber });
    }
    others = others.filter((o) => !subjects.some((s) => s.buildingNumber === o.buildingNumber));
  });
  afterAll(async () => {
    await t.close();
  });

  let plan: { id: string; householdId: string; residentId: string };

  it('sets up a plan with defaults from policy; the chain sees it within scope only', async () => {
    const committee = await as('committee');
    const subject = subjects[0] as Subject;
    const res = await committee.post('/api/v1/care/plans', { residentId: subject.residentId, risk: 'high' });
    expect(res.statusCode, res.body).toBe(200);
    plan = res.json();
    expect(res.json()).toMatchObject({
      risk: 'high',
      visitEveryDays: 7,
      checkin: null,
      visitStatus: 'on_track',
      responsible: { tier: 'building_leader' },
    });
    // Never less often than policy allows.
    const again = await committee.post('/api/v1/care/plans', { residentId: subject.residentId });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('care.plan_exists');
    const lax = await patch(committee, `/api/v1/care/plans/${plan.id}`, { visitEveryDays: 30 });
    expect(lax.json().visitEveryDays).toBe(7);

    const leader = await as('buildingleader');
    expect((await leader.get(`/api/v1/care/plans/${plan.id}`)).statusCode).toBe(200);
    expect((await leader.get('/api/v1/care/plans')).json().items.map((p: { id: string }) => p.id)).toContain(
      plan.id,
    );
    const refused = await leader.post('/api/v1/care/plans', {
      residentId: (subjects[1] as Subject).residentId,
    });
    expect(refused.statusCode).toBe(403);
    const other = await as('c2.committee');
    expect((await other.get(`/api/v1/care/plans/${plan.id}`)).statusCode).toBe(404);
    expect((await (await as('volunteer')).get(`/api/v1/care/plans/${plan.id}`)).statusCode).toBe(403);
    const noConsent = await committee.post('/api/v1/care/plans', {
      residentId: (subjects[1] as Subject).residentId,
      checkin: { time: '09:00', ways: ['phone_call'] },
    });
    expect(noConsent.statusCode).toBe(400);
  });

  it('records a visit quickly; health detail reaches only roles that may see health, each read audited', async () => {
    const leader = await as('buildingleader');
    const res = await leader.post(`/api/v1/care/plans/${plan.id}/visits`, {
      activities: ['chat', 'cooking', 'medicine'],
      healthWorse: true,
      healthDetail: '血压 170/100，头晕',
      needsSomething: true,
      needsDetail: '需要换一个新的热水壶',
      policies: [
        {
          policy: '高龄津贴',
          forms: ['dialect', 'read_aloud', 'large_print'],
          language: '上海话',
          saidBack: 'yes',
        },
      ],
      followUps: [
        { text: '下周陪去社区医院复查血压', health: true },
        { text: '帮买热水壶', health: false },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const visit = res.json();
    expect(visit).toMatchObject({
      healthNoted: true,
      needsSomething: true,
      visitorTier: 'building_leader',
      policies: [{ policy: '高龄津贴', saidBack: 'yes', language: '上海话' }],
    });
    expect(visit.activities).toEqual(['chat', 'cooking', 'medicine', 'policy_explained']);
    expect('healthWorse' in visit).toBe(false);
    expect(res.body).not.toContain('170/100');
    expect(visit.followUps[0]).toEqual({ id: expect.any(String), health: true, reportId: null });
    expect(visit.followUps[1].text).toBe('帮买热水壶');

    const healthReads = () =>
      t.database.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'read.sensitive')
        .where('field_class', '=', 'health')
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const before = await healthReads();
    for (const username of ['buildingleader', 'partymember', 'subdistrict']) {
      const list = await (await as(username)).get(`/api/v1/care/plans/${plan.id}/visits`);
      expect(list.statusCode, username).toBe(200);
      expect(list.body).not.toContain('170/100');
      expect(list.body).not.toContain('复查血压');
      expect(list.json().items[0].followUps).toHaveLength(2);
    }
    expect(await healthReads()).toBe(before);
    const worker = await as('worker');
    const seen = (await worker.get(`/api/v1/care/plans/${plan.id}/visits`)).json().items[0];
    expect(seen).toMatchObject({ healthWorse: true, healthDetail: '血压 170/100，头晕' });
    expect(seen.followUps[0].text).toBe('下周陪去社区医院复查血压');
    expect(await healthReads()).toBe(before + 1);
    const entry = await t.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'read.sensitive')
      .where('field_class', '=', 'health')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ resident_id: plan.residentId, target_id: visit.id, actor_role: 'worker' });
  });

  it('turns a follow-up into a report for the chain, once; a health follow-up keeps its detail out', async () => {
    const leader = await as('buildingleader');
    const visit = (await leader.get(`/api/v1/care/plans/${plan.id}/visits`)).json().items[0];
    const [health, errand] = visit.followUps;
    const res = await leader.post(`/api/v1/care/followups/${errand.id}/report`, {});
    expect(res.statusCode, res.body).toBe(200);
    const report = (await leader.get(`/api/v1/reports/${res.json().reportId}`)).json();
    expect(report).toMatchObject({ householdId: plan.householdId, category: 'elderly_care' });
    expect(report.description).toContain('帮买热水壶');
    expect((await leader.post(`/api/v1/care/followups/${errand.id}/report`, {})).statusCode).toBe(409);
    const healthReport = await leader.post(`/api/v1/care/followups/${health.id}/report`, {});
    const hr = (await leader.get(`/api/v1/reports/${healthReport.json().reportId}`)).json();
    expect(hr.description).not.toContain('血压');
    const after = (await leader.get(`/api/v1/care/plans/${plan.id}/visits`)).json().items[0];
    expect(after.followUps.map((f: { reportId: string | null }) => f.reportId)).toEqual([
      healthReport.json().reportId,
      res.json().reportId,
    ]);
    const outsider = await as('c2.committee');
    expect((await outsider.post(`/api/v1/care/followups/${errand.id}/report`, {})).statusCode).toBe(404);
  });

  it('counts visits per month against the plan: who is overdue, who falls short of policy', async () => {
    const committee = await as('committee');
    const monthly = (
      await committee.post('/api/v1/care/plans', { residentId: (subjects[1] as Subject).residentId })
    ).json();
    expect(monthly.visitEveryDays).toBe(30);
    // Both plans began on 29 November: two days of the month, no full interval, nothing short yet.
    const november = (await committee.get('/api/v1/care/visit-rate?month=2026-11')).json();
    const inNovember = (id: string) => november.items.find((i: { planId: string }) => i.planId === id);
    expect(inNovember(plan.id)).toMatchObject({ required: 0, visits: 1, shortBy: 0, risk: 'high' });
    expect(inNovember(monthly.id)).toMatchObject({ required: 0, visits: 0, shortBy: 0 });

    // Eight days on, in December, which both plans run through: four weekly visits, one monthly.
    t.clock.advanceMinutes(8 * 24 * 60);
    const later = await as('committee'); // sessions end in the meantime
    const december = async () => (await later.get('/api/v1/care/visit-rate?month=2026-12')).json();
    const rate = await december();
    const row = (id: string) => rate.items.find((i: { planId: string }) => i.planId === id);
    expect(row(plan.id)).toMatchObject({ required: 4, visits: 0, shortBy: 4, visitStatus: 'overdue' });
    expect(row(monthly.id)).toMatchObject({ required: 1, visits: 0, shortBy: 1 });
    expect(rate.shortOfPolicy).toBe(2);
    expect(rate.rate).toBe(0);

    // A phone call is recorded but is not a visit; going to the door is.
    const leader = await as('buildingleader');
    await leader.post(`/api/v1/care/plans/${monthly.id}/visits`, { how: 'phone_call', activities: ['chat'] });
    let again = await december();
    expect(again.items.find((i: { planId: string }) => i.planId === monthly.id).visits).toBe(0);
    await leader.post(`/api/v1/care/plans/${monthly.id}/visits`, { activities: ['cleaning', 'hair'] });
    again = await december();
    expect(again.items.find((i: { planId: string }) => i.planId === monthly.id)).toMatchObject({
      visits: 1,
      shortBy: 0,
      visitStatus: 'on_track',
    });
    expect(again.rate).toBe(0.5);
    expect(again.overdue).toBe(1);
    // The current month is the default.
    expect((await later.get('/api/v1/care/visit-rate')).json().month).toBe('2026-12');
    // The leader's view holds only their households; the c2 committee's none of these.
    const mine = (await (await as('buildingleader')).get('/api/v1/care/visit-rate')).json();
    expect(mine.items.map((i: { planId: string }) => i.planId).sort()).toEqual([plan.id, monthly.id].sort());
    expect((await (await as('c2.committee')).get('/api/v1/care/visit-rate')).json().plans).toBe(0);
  });

  it('a declared event makes a visit due within 24 hours for every plan there, answered by a visit', async () => {
    const committee = await as('committee');
    const other = others[0];
    expect(other).toBeDefined();
    const elsewhere = (
      await committee.post('/api/v1/care/plans', { residentId: (other as Subject).residentId })
    ).json();
    const buildings = (await committee.get('/api/v1/buildings')).json().items as {
      id: string;
      number: string;
    }[];
    const leaderBuilding = buildings.find((b) => b.number === (subjects[0] as Subject).buildingNumber);
    const refused = await (await as('buildingleader')).post('/api/v1/care/events', { kind: 'heat_wave' });
    expect(refused.statusCode).toBe(403);
    const declared = await committee.post('/api/v1/care/events', {
      kind: 'heat_wave',
      buildingId: leaderBuilding?.id,
      note: '连续三天 38℃',
    });
    expect(declared.statusCode, declared.body).toBe(200);
    const event = declared.json();
    const inBuilding = (await committee.get(`/api/v1/care/plans?buildingId=${leaderBuilding?.id}`)).json()
      .items;
    expect(event).toMatchObject({ kind: 'heat_wave', plans: inBuilding.length, visited: 0 });
    const monthly = inBuilding.find((p: { visitEveryDays: number }) => p.visitEveryDays === 30);
    const fresh = (await committee.get(`/api/v1/care/plans/${monthly.id}`)).json();
    expect(fresh.eventVisitsDue).toEqual([
      { eventId: event.id, kind: 'heat_wave', dueAt: event.visitsDueAt },
    ]);
    expect(fresh.visitStatus).toBe('due_soon');
    expect((await committee.get(`/api/v1/care/plans/${elsewhere.id}`)).json().eventVisitsDue).toEqual([]);

    t.clock.advanceMinutes(25 * 60);
    const leader = await as('buildingleader');
    expect((await leader.get(`/api/v1/care/plans/${monthly.id}`)).json().visitStatus).toBe('overdue');
    const picture = (await leader.get(`/api/v1/buildings/${leaderBuilding?.id}/picture?lens=visits`)).json();
    const cells = picture.entrances.flatMap((e: { floors: { flats: { householdId: string }[] }[] }) =>
      e.floors.flatMap((f) => f.flats),
    );
    expect(cells.find((c: { householdId: string }) => c.householdId === monthly.householdId).lensKey).toBe(
      'visit_overdue',
    );
    await leader.post(`/api/v1/care/plans/${monthly.id}/visits`, { activities: ['chat'] });
    const answered = (await leader.get(`/api/v1/care/plans/${monthly.id}`)).json();
    expect(answered.eventVisitsDue).toEqual([]);
    const events = (await (await as('committee')).get('/api/v1/care/events')).json().items;
    expect(events.find((e: { id: string }) => e.id === event.id).visited).toBe(1);
    const rate = (await leader.get('/api/v1/care/visit-rate')).json();
    expect(rate.items.find((i: { planId: string }) => i.planId === monthly.id).required).toBe(2);

    // A community-wide event reaches every plan, the one elsewhere too.
    const wide = (await (await as('committee')).post('/api/v1/care/events', { kind: 'outage' })).json();
    expect(wide.plans).toBeGreaterThan(inBuilding.length);
    const outsider = await as('c2.committee');
    expect(
      (await outsider.post('/api/v1/care/events', { kind: 'outage', buildingId: leaderBuilding?.id }))
        .statusCode,
    ).toBe(404);
  });

  it('ends a plan: it stays in history, leaves the lists and takes no more visits', async () => {
    const committee = await as('committee');
    const ended = await patch(committee, `/api/v1/care/plans/${plan.id}`, { end: true });
    expect(ended.json().endedAt).not.toBeNull();
    expect(
      (await committee.get('/api/v1/care/plans')).json().items.map((p: { id: string }) => p.id),
    ).not.toContain(plan.id);
    expect(
      (await committee.get('/api/v1/care/plans?includeEnded=true'))
        .json()
        .items.map((p: { id: string }) => p.id),
    ).toContain(plan.id);
    const notEnded = (await committee.get('/api/v1/care/plans?includeEnded=false')).json().items;
    expect(notEnded.map((p: { id: string }) => p.id)).not.toContain(plan.id);
    const late = await committee.post(`/api/v1/care/plans/${plan.id}/visits`, { activities: ['chat'] });
    expect(late.json().error.code).toBe('care.plan_ended');
  });
});

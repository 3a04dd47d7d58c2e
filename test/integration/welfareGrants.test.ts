import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Issue 20: the subdistrict applies for and grants emergency aid for households of its communities,
 * each role within its dated limit (emergency-aid.yaml: worker 3,000, committee 5,000, subdistrict
 * 10,000 yuan in 2026); above it the grant waits for the next approval and says so, and the community's
 * committee is told on its desk.
 */
describe.each(DIALECTS)('emergency aid across roles on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let committee: SignedIn;
  let subdistrict: SignedIn;
  let c2Worker: SignedIn;
  let householdId: string;
  let siblingHouseholdId: string;

  const grants = '/api/v1/welfare/emergency-grants';
  const requests = '/api/v1/welfare/emergency-grant-requests';
  const approve = (id: string) => `${requests}/${id}/approve`;
  const aid = (amountFen: number, id = householdId) => ({
    householdId: id,
    hardship: 'illness',
    amountFen,
    reason: '独居老人突发重病住院',
  });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, committee, subdistrict, c2Worker] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'subdistrict'),
      signIn(t.app, 'c2.worker'),
    ]);
    const first = async (communityId: string) =>
      (
        await t.database.db
          .selectFrom('household')
          .select('id')
          .where('community_id', '=', communityId)
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
    householdId = await first(t.seed.communityIds[0] as string);
    siblingHouseholdId = await first(t.seed.communityIds[1] as string);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the subdistrict grants 2,000 yuan at once within its limit, and the committee is told on its desk', async () => {
    const res = await subdistrict.post(grants, aid(200_000));
    expect(res.statusCode, res.body).toBe(200);
    const grant = res.json();
    expect(grant).toMatchObject({
      amountFen: 200_000,
      fastPath: true,
      paidOn: '2026-11-29',
      papersDueOn: '2026-12-04',
    });
    // Households of its other community too.
    expect((await subdistrict.post(grants, aid(50_000, siblingHouseholdId))).statusCode).toBe(200);

    const desk = (await committee.get('/api/v1/welfare/committee-desk')).json();
    expect(desk.notes).toHaveLength(1);
    expect(desk.notes[0]).toMatchObject({
      kind: 'emergency_grant',
      grantId: grant.id,
      amountFen: 200_000,
      byRole: 'subdistrict',
    });
    expect(desk.notes[0].text).toMatch(/^街道.+为 .+ 发放了临时救助 2,000 元。$/);
    expect(desk.notes[0].text).not.toMatch(/^街道街道/);
    // The sibling community's desk has its own note, not this one.
    const c2Desk = (await c2Worker.get('/api/v1/welfare/committee-desk')).json();
    expect(c2Desk.notes.map((n: { amountFen: number }) => n.amountFen)).toEqual([50_000]);
    const read = await t.database.db
      .selectFrom('audit_event')
      .select('actor_role')
      .where('action', '=', 'read.sensitive')
      .where('target_type', '=', 'committee_desk_note')
      .execute();
    expect(read.length).toBeGreaterThan(0);
  });

  it('above its limit the subdistrict’s grant waits for the district, and says so in the caller’s language', async () => {
    t.clock.advanceMinutes(1);
    const res = await subdistrict.post(grants, aid(1_200_000), { 'accept-language': 'en' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      waitsFor: 'district',
      requesterLimitFen: 1_000_000,
      message:
        'Above your limit of 10,000 yuan: the grant waits for approval by the district civil affairs office.',
    });
    const id = res.json().id;
    // Nobody in Linli may approve what the district decides.
    const refused = await subdistrict.post(approve(id));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('welfare.grant_own_request');
    const byCommittee = await committee.post(approve(id));
    expect(byCommittee.statusCode).toBe(403);
    expect(byCommittee.json().error.message).toBe(
      '金额超过了您能批准的上限（5,000 元），需要由区民政部门批准。',
    );
    // The committee is told of it.
    const desk = (await committee.get('/api/v1/welfare/committee-desk')).json();
    expect(desk.notes[0]).toMatchObject({ kind: 'grant_request', requestId: id, amountFen: 1_200_000 });
    expect(desk.notes[0].text).toContain('等待批准');
  });

  it('a worker’s request above her limit waits for the committee, which grants it once', async () => {
    t.clock.advanceMinutes(1);
    const res = await worker.post(grants, aid(400_000));
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      waitsFor: 'committee',
      message: '超过了您可批准的 3,000 元，这笔救助等待社区党委批准后发放。',
    });
    const id = res.json().id as string;
    expect((await committee.get(requests)).json().requests.map((r: { id: string }) => r.id)).toContain(id);
    expect((await worker.post(approve(id))).json().error.code).toBe('welfare.grant_own_request');
    expect((await c2Worker.post(approve(id))).statusCode).toBe(404);

    const granted = await committee.post(approve(id));
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ amountFen: 400_000, fastPath: false, papersDueOn: null });
    expect((await committee.post(approve(id))).statusCode).toBe(409);
    expect((await committee.get(requests)).json().requests.map((r: { id: string }) => r.id)).not.toContain(
      id,
    );
  });

  it('the committee’s request above its limit waits for the subdistrict, which grants it', async () => {
    t.clock.advanceMinutes(1);
    const res = await committee.post(grants, aid(800_000));
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().waitsFor).toBe('subdistrict');
    const granted = await subdistrict.post(approve(res.json().id));
    expect(granted.statusCode, granted.body).toBe(200);
    const desk = (await committee.get('/api/v1/welfare/committee-desk')).json();
    expect(desk.notes[0]).toMatchObject({
      kind: 'emergency_grant',
      grantId: granted.json().id,
      byRole: 'subdistrict',
    });
  });

  it('roles without the duty are refused; bad input gets a clear error', async () => {
    const leader = await signIn(t.app, 'buildingleader');
    expect((await leader.post(grants, aid(1000))).statusCode).toBe(403);
    expect((await leader.get('/api/v1/welfare/committee-desk')).statusCode).toBe(403);
    const bad = await subdistrict.post(grants, { ...aid(1000), amountFen: -5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');
  });
});

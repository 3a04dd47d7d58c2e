import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Issue 20, the seed's holiday story: an 89-year-old living alone, known to the register only, is on
 * the holiday list with the reason; a typed fact saying otherwise shows as a conflict, the register
 * counting until a worker overrides it with a reason; a decision keeps the facts it used.
 */
describe.each(DIALECTS)('welfare reads the register on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let subdistrict: SignedIn;
  let farWorker: SignedIn;
  let household: string;
  let resident: string;
  let firstDecision: string;

  const facts = (id: string) => `/api/v1/welfare/households/${id}/facts`;
  const overrides = (id: string) => `/api/v1/welfare/households/${id}/fact-overrides`;
  const holiday = async () =>
    (await worker.get('/api/v1/welfare/holiday-visits')).json() as {
      visits: { household: { householdId: string }; reasons: string[] }[];
    };
  const reasonsOf = async () =>
    (await holiday()).visits.find((v) => v.household.householdId === household)?.reasons;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, subdistrict, farWorker] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'subdistrict'),
      signIn(t.app, 'far.worker'),
    ]);
    const db = t.database.db;
    const communityId = t.seed.communityIds[0] as string;
    const flat = await db
      .selectFrom('household')
      .select(['building_id', 'entrance_id'])
      .where('community_id', '=', communityId)
      .executeTakeFirstOrThrow();
    const now = t.clock().toISOString();
    household = randomUUID();
    resident = randomUUID();
    await db
      .insertInto('household')
      .values({
        id: household,
        community_id: communityId,
        building_id: flat.building_id,
        entrance_id: flat.entrance_id,
        floor: 9,
        room: '901',
        created_at: now,
        moved_out_at: null,
      })
      .execute();
    await db
      .insertInto('resident')
      .values({
        id: resident,
        community_id: communityId,
        household_id: household,
        name: '曹桂英',
        gender: 'female',
        // 89 on the test clock's day, 2026-11-29.
        birth_date: '1937-03-08',
        id_number: null,
        phone: null,
        relation: '户主',
        preferred_language: 'zh-CN',
        created_at: now,
        updated_at: now,
        moved_out_at: null,
        name_pinyin: null,
        name_initials: null,
        phone_tail: null,
      })
      .execute();
    await db
      .insertInto('resident_care_tag')
      .values({ resident_id: resident, tag: 'hard_of_hearing' })
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('an 89-year-old living alone, in the register only, is on the holiday list with the reason', async () => {
    expect(await reasonsOf()).toEqual(['有 80 岁以上独居老人（户籍登记，2026-11-29 读取）']);
    const en = (await worker.get('/api/v1/welfare/holiday-visits', { 'accept-language': 'en' })).json();
    expect(
      en.visits.find((v: { household: { householdId: string } }) => v.household.householdId === household)
        .reasons,
    ).toEqual(['A person over 80 living alone (household register, read 2026-11-29)']);
    const known = (await worker.get(facts(household))).json();
    expect(known.facts).toEqual({});
    expect(known.conflicts).toEqual([]);
    expect(known.registerReadOn).toBe('2026-11-29');
    const used = Object.fromEntries(
      known.used.map((o: { fact: string; value: unknown; source: string }) => [o.fact, [o.value, o.source]]),
    );
    expect(used).toMatchObject({
      registeredMembers: [1, 'register'],
      memberOver80: [true, 'register'],
      memberUnder18: [false, 'register'],
      livingAlone: [true, 'register'],
      memberOver80LivingAlone: [true, 'register'],
      bedriddenMember: [false, 'register'],
    });
    expect(known.sources).toContain('80 岁以上独居老人：是，来自户籍登记（2026-11-29 读取）。');
  });

  it('a typed fact saying otherwise shows as a conflict; the register counts and the explanation says so', async () => {
    const saved = await worker.post(facts(household), { memberOver80LivingAlone: false, members: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    const known = saved.json();
    expect(known.conflicts).toEqual([
      expect.objectContaining({
        fact: 'memberOver80LivingAlone',
        label: '80 岁以上独居老人',
        value: true,
        source: 'register',
        conflict: { typed: false, register: true },
        override: null,
      }),
    ]);
    expect(await reasonsOf()).toEqual(['有 80 岁以上独居老人（户籍登记，2026-11-29 读取，与录入不一致）']);

    const decided = await worker.post(`/api/v1/welfare/households/${household}/evaluations`, {
      policyId: 'holiday-visits',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const decision = decided.json();
    firstDecision = decision.id;
    expect(decision.outcome).toBe('eligible');
    expect(decision.factsUsed.memberOver80LivingAlone).toBe(true);
    expect(decision.factOrigins).toContainEqual(
      expect.objectContaining({ fact: 'memberOver80LivingAlone', source: 'register', readOn: '2026-11-29' }),
    );
    expect(decision.explanation.sources).toContain(
      '80 岁以上独居老人：是，来自户籍登记（2026-11-29 读取）；录入的是“否”，与登记不一致，以户籍登记为准。',
    );
    expect(decision.explanationOther.sources.join(' ')).toContain('the register counts');
  });

  it('a worker overrides the register with a reason, audited; the typed value then counts and says why', async () => {
    const noReason = await worker.post(overrides(household), {
      fact: 'memberOver80LivingAlone',
      use: 'typed',
    });
    expect(noReason.statusCode).toBe(400);
    const notRegister = await worker.post(
      overrides(household),
      { fact: 'monthlyIncome', use: 'typed', reason: '核实' },
      { 'accept-language': 'en' },
    );
    expect(notRegister.statusCode).toBe(422);
    expect(notRegister.json().error).toMatchObject({
      code: 'welfare.fact_not_from_register',
      message: 'The household register does not hold this fact, so there is nothing to choose between.',
    });
    expect(
      (await subdistrict.post(overrides(household), { fact: 'livingAlone', use: 'typed', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await farWorker.post(overrides(household), { fact: 'livingAlone', use: 'typed', reason: 'x' }))
        .statusCode,
    ).toBe(404);

    const reason = '老人已随女儿同住，户籍未迁';
    const res = await worker.post(overrides(household), {
      fact: 'memberOver80LivingAlone',
      use: 'typed',
      reason,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().conflicts[0]).toMatchObject({
      value: false,
      source: 'typed',
      override: { use: 'typed', reason },
    });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_role', 'detail'])
      .where('action', '=', 'welfare.fact.override')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_role).toBe('worker');
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({
      fact: 'memberOver80LivingAlone',
      use: 'typed',
      reason,
    });

    expect(await reasonsOf()).toBeUndefined();
    const decision = (
      await worker.post(`/api/v1/welfare/households/${household}/evaluations`, { policyId: 'holiday-visits' })
    ).json();
    expect(decision.outcome).not.toBe('eligible');
    expect(decision.explanation.sources.join('')).toContain(`改用录入值，理由：${reason}`);

    // Back to the register, again with a reason.
    await worker.post(overrides(household), {
      fact: 'memberOver80LivingAlone',
      use: 'register',
      reason: '女儿已搬走',
    });
    expect(await reasonsOf()).toHaveLength(1);
  });

  it('a decision keeps the facts it used after the register changes', async () => {
    await t.database.db
      .updateTable('resident')
      .set({ birth_date: '1980-01-01' })
      .where('id', '=', resident)
      .execute();
    const again = (await worker.get(`/api/v1/welfare/decisions/${firstDecision}`)).json();
    expect(again.factsUsed.memberOver80LivingAlone).toBe(true);
    expect(again.factOrigins).toContainEqual(
      expect.objectContaining({ fact: 'memberOver80LivingAlone', value: true, source: 'register' }),
    );
    expect(await reasonsOf()).toBeUndefined();
    // The outreach lists and the batch see the register too: the household is evaluated though typed only once.
    const lists = (await worker.get('/api/v1/welfare/lists?policyId=holiday-visits')).json();
    expect(lists.evaluated).toBeGreaterThan(1);
  });
});

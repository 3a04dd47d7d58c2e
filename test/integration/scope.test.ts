import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeedBus } from '../../src/server/reports/feed';
import { saveReport } from '../../src/server/reports/reports.usecases';
import { isChainRole, type Role, type Tier } from '../../src/shared/roles';
import { ACCOUNTS, createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Where a record stands relative to the caller:
 * own — in their scope; sibling — under a position beside theirs (for community-wide roles: another
 * community of the same subdistrict); parent — under their parent's sibling (a cousin line);
 * otherCommunity — a community of another subdistrict; nonexistent — an id nobody has.
 */
type Relation = 'own' | 'sibling' | 'parent' | 'otherCommunity' | 'nonexistent';
const ENDPOINTS = [
  'household',
  'householdList',
  'householdHistory',
  'coverHistory',
  'residentSearch',
  'residentList',
  'residentEdit',
  'report',
  'reportList',
  'carePlan',
  'carePlanList',
  'careVisits',
  'checkinsToday',
  'welfareFacts',
  'welfareEvaluate',
  'welfareFactsWrite',
  'welfareDecisions',
] as const;
type Endpoint = (typeof ENDPOINTS)[number];
/** `shown`: 200 with the record, or listed; `hidden`: 404 (or not listed); `forbidden`: 403. */
type Expected = 'shown' | 'hidden' | 'forbidden';

const ALL_RELATIONS: Relation[] = ['own', 'sibling', 'parent', 'otherCommunity', 'nonexistent'];

function row(outcomes: Partial<Record<Relation, Expected>>, rest: Expected): Record<Relation, Expected> {
  return Object.fromEntries(ALL_RELATIONS.map((r) => [r, outcomes[r] ?? rest])) as Record<Relation, Expected>;
}

const NONE = row({}, 'forbidden');
const OWN_ONLY = row({ own: 'shown' }, 'hidden');
const COMMUNITY = row({ own: 'shown', parent: 'shown' }, 'hidden');
const SUBDISTRICT = row({ own: 'shown', sibling: 'shown', parent: 'shown' }, 'hidden');

/** The table: role × endpoint × relation → what the caller gets. Later issues add their endpoints here. */
const EXPECTATIONS: Record<Role, Record<Endpoint, Record<Relation, Expected>>> = {
  admin: {
    household: NONE,
    householdList: NONE,
    householdHistory: NONE,
    coverHistory: NONE,
    residentSearch: NONE,
    residentList: NONE,
    residentEdit: NONE,
    report: NONE,
    reportList: NONE,
    carePlan: NONE,
    carePlanList: NONE,
    careVisits: NONE,
    checkinsToday: NONE,
    welfareFacts: NONE,
    welfareEvaluate: NONE,
    welfareFactsWrite: NONE,
    welfareDecisions: NONE,
  },
  volunteer: {
    household: NONE,
    householdList: NONE,
    householdHistory: NONE,
    coverHistory: NONE,
    residentSearch: NONE,
    residentList: NONE,
    residentEdit: NONE,
    report: NONE,
    reportList: NONE,
    carePlan: NONE,
    carePlanList: NONE,
    careVisits: NONE,
    checkinsToday: NONE,
    welfareFacts: NONE,
    welfareEvaluate: NONE,
    welfareFactsWrite: NONE,
    welfareDecisions: NONE,
  },
  subdistrict: {
    household: SUBDISTRICT,
    householdList: SUBDISTRICT,
    householdHistory: SUBDISTRICT,
    coverHistory: SUBDISTRICT,
    residentSearch: SUBDISTRICT,
    residentList: SUBDISTRICT,
    residentEdit: NONE,
    report: SUBDISTRICT,
    reportList: SUBDISTRICT,
    carePlan: SUBDISTRICT,
    carePlanList: SUBDISTRICT,
    careVisits: SUBDISTRICT,
    checkinsToday: SUBDISTRICT,
    welfareFacts: SUBDISTRICT,
    welfareEvaluate: NONE,
    welfareFactsWrite: NONE,
    welfareDecisions: SUBDISTRICT,
  },
  worker: {
    household: COMMUNITY,
    householdList: COMMUNITY,
    householdHistory: COMMUNITY,
    coverHistory: COMMUNITY,
    residentSearch: COMMUNITY,
    residentList: COMMUNITY,
    residentEdit: COMMUNITY,
    report: COMMUNITY,
    reportList: COMMUNITY,
    carePlan: COMMUNITY,
    carePlanList: COMMUNITY,
    careVisits: COMMUNITY,
    checkinsToday: COMMUNITY,
    welfareFacts: COMMUNITY,
    welfareEvaluate: COMMUNITY,
    welfareFactsWrite: COMMUNITY,
    welfareDecisions: COMMUNITY,
  },
  committee: {
    household: COMMUNITY,
    householdList: COMMUNITY,
    householdHistory: COMMUNITY,
    coverHistory: COMMUNITY,
    residentSearch: COMMUNITY,
    residentList: COMMUNITY,
    residentEdit: COMMUNITY,
    report: COMMUNITY,
    reportList: COMMUNITY,
    carePlan: COMMUNITY,
    carePlanList: COMMUNITY,
    careVisits: COMMUNITY,
    checkinsToday: COMMUNITY,
    welfareFacts: COMMUNITY,
    welfareEvaluate: COMMUNITY,
    welfareFactsWrite: COMMUNITY,
    welfareDecisions: COMMUNITY,
  },
  branch: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentList: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
    carePlan: OWN_ONLY,
    carePlanList: OWN_ONLY,
    careVisits: OWN_ONLY,
    checkinsToday: OWN_ONLY,
    welfareFacts: NONE,
    welfareEvaluate: NONE,
    welfareFactsWrite: NONE,
    welfareDecisions: NONE,
  },
  group_leader: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentList: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
    carePlan: OWN_ONLY,
    carePlanList: OWN_ONLY,
    careVisits: OWN_ONLY,
    checkinsToday: OWN_ONLY,
    welfareFacts: NONE,
    welfareEvaluate: NONE,
    welfareFactsWrite: NONE,
    welfareDecisions: NONE,
  },
  party_member: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentList: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
    carePlan: OWN_ONLY,
    carePlanList: OWN_ONLY,
    careVisits: OWN_ONLY,
    checkinsToday: OWN_ONLY,
    welfareFacts: NONE,
    welfareEvaluate: NONE,
    welfareFactsWrite: NONE,
    welfareDecisions: NONE,
  },
  building_leader: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentList: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
    carePlan: OWN_ONLY,
    carePlanList: OWN_ONLY,
    careVisits: OWN_ONLY,
    checkinsToday: OWN_ONLY,
    welfareFacts: NONE,
    welfareEvaluate: NONE,
    welfareFactsWrite: NONE,
    welfareDecisions: NONE,
  },
};

/** Roles that see ID numbers (ARCHITECTURE.md "Who sees what"). */
const SEES_IDENTITY: Role[] = ['subdistrict', 'worker', 'committee'];
/** Roles that see health detail: visit observations and health follow-ups. */
const SEES_HEALTH: Role[] = ['worker', 'committee'];
const HEALTH_DETAIL = '体检：血糖偏高';

interface PositionRow {
  id: string;
  tier: Tier;
  parentId: string | null;
  userId: string | null;
}

describe.each(DIALECTS)('scope on %s: role × endpoint × relation', (dialect) => {
  let t: TestApp;
  const subjects = new Map<Role, Record<Relation, string>>();
  const inScope = new Map<Role, Set<string>>();
  const sessions = new Map<Role, SignedIn>();
  const residentOf = new Map<string, string>();
  const labelOf = new Map<string, string>();
  const reportOf = new Map<string, string>();
  /** For the carried-records table below: each role's own position and the households beneath it. */
  const ownPositionOf = new Map<Role, string>();
  const chainHouseholdsOf = new Map<Role, string[]>();
  let firstCommunityHouseholds: string[] = [];
  let otherSubdistrictHousehold = '';
  let siblingCommunityHousehold = '';
  const planOf = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    const [c1, c2] = t.seed.communityIds as [string, string];
    const householdsOf = async (communityId: string) =>
      (
        await db
          .selectFrom('household')
          .select('id')
          .where('community_id', '=', communityId)
          .orderBy('id')
          .execute()
      ).map((h) => h.id);
    const c1Households = await householdsOf(c1);
    const c2Households = await householdsOf(c2);
    const farHouseholds = await householdsOf(t.farCommunityId);
    const positions: PositionRow[] = (
      await db
        .selectFrom('liaison_position')
        .select(['id', 'tier', 'parent_id', 'user_id'])
        .where('community_id', '=', c1)
        .execute()
    ).map((p) => ({ id: p.id, tier: p.tier as Tier, parentId: p.parent_id, userId: p.user_id }));
    const addresses = await db
      .selectFrom('household')
      .innerJoin('building', 'building.id', 'household.building_id')
      .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
      .innerJoin('resident', 'resident.household_id', 'household.id')
      .select([
        'household.id',
        'building.number as b',
        'entrance.number as e',
        'household.room',
        'resident.id as residentId',
      ])
      .execute();
    for (const a of addresses) {
      residentOf.set(a.id, a.residentId);
      labelOf.set(a.id, `${a.b}-${a.e}-${a.room}`);
    }
    const assignments = await db
      .selectFrom('household_assignment')
      .select(['household_id', 'position_id'])
      .execute();
    const under = (positionId: string): string[] => {
      const children = positions.filter((p) => p.parentId === positionId).flatMap((p) => under(p.id));
      return [
        ...assignments.filter((a) => a.position_id === positionId).map((a) => a.household_id),
        ...children,
      ];
    };
    const byId = new Map(positions.map((p) => [p.id, p]));
    const otherChildOf = (parentId: string | null | undefined, notId: string) =>
      positions.find((p) => p.parentId === parentId && p.id !== notId && parentId);

    for (const [role, username] of Object.entries(ACCOUNTS) as [Role, string][]) {
      sessions.set(role, await signIn(t.app, username));
      const user = t.seed.users.find((u) => u.username === username);
      if (!user) throw new Error(`no seeded ${username}`);
      const nonexistent = randomUUID();
      const otherCommunity = farHouseholds[0] as string;
      // The committee holds the top position, but its scope is the whole community, like the worker's.
      const own = isChainRole(role) ? positions.find((p) => p.userId === user.id) : undefined;
      if (own) {
        const parent = byId.get(own.parentId ?? '');
        const sibling = otherChildOf(own.parentId, own.id);
        const cousinLine = parent ? otherChildOf(parent.parentId, parent.id) : undefined;
        const mine = under(own.id);
        inScope.set(role, new Set(mine));
        ownPositionOf.set(role, own.id);
        chainHouseholdsOf.set(role, mine);
        subjects.set(role, {
          own: mine[0] as string,
          sibling: under(sibling?.id ?? '')[0] ?? (c2Households[0] as string),
          // The branch has no cousin line (the committee is the top); another community stands in.
          parent: (cousinLine ? under(cousinLine.id)[0] : undefined) ?? (c2Households[0] as string),
          otherCommunity,
          nonexistent,
        });
      } else {
        const wide =
          role === 'subdistrict'
            ? [...c1Households, ...c2Households]
            : role === 'admin' || role === 'volunteer'
              ? []
              : c1Households;
        inScope.set(role, new Set(wide));
        subjects.set(role, {
          own: c1Households[0] as string,
          sibling: c2Households[0] as string,
          parent: c1Households.at(-1) as string,
          otherCommunity,
          nonexistent,
        });
      }
    }
    firstCommunityHouseholds = c1Households;
    siblingCommunityHousehold = c2Households[0] as string;
    otherSubdistrictHousehold = farHouseholds[0] as string;
    // One report about every household the table asks about, recorded by nobody in the chain, so only
    // the household's own line (and community-wide roles) may see it.
    const feed = await openFeedBus(t.database);
    const about = new Set(
      [...subjects.values()].flatMap((s) => [s.own, s.sibling, s.parent, s.otherCommunity]),
    );
    for (const householdId of about) {
      const community = await db
        .selectFrom('household')
        .select('community_id')
        .where('id', '=', householdId)
        .executeTakeFirstOrThrow();
      const saved = await saveReport(
        { db, clock: t.clock, feed, lang: 'zh-CN' },
        {
          input: { category: 'repairs', householdId, description: '水管漏水' },
          communityId: community.community_id,
          source: 'staff',
          recordedByUserId: null,
          recordedByPositionId: null,
          reporterPhone: null,
        },
        null,
        { action: 'reports.create', outcome: 'success', actorRole: 'test' },
      );
      reportOf.set(householdId, saved.id);
      // A care plan with a daily check-in and one visit with a health observation, about the same household.
      const planId = randomUUID();
      const at = t.clock().toISOString();
      await db
        .insertInto('care_plan')
        .values({
          id: planId,
          community_id: community.community_id,
          household_id: householdId,
          resident_id: residentOf.get(householdId) as string,
          responsible_position_id: null,
          stand_in_position_id: null,
          risk: 'normal',
          visit_every_days: 30,
          checkin_time: '23:00',
          checkin_ways: '["phone_call"]',
          checkin_grace_minutes: 30,
          checkin_consent_date: '2026-11-01',
          checkin_consent_form: 'spoken',
          checkin_consent_witness: null,
          next_checkin_due_at: new Date(`${at.slice(0, 10)}T23:00:00+08:00`).toISOString(),
          next_checkin_miss_at: new Date(`${at.slice(0, 10)}T23:30:00+08:00`).toISOString(),
          note: null,
          created_at: at,
          created_by_user_id: null,
          updated_at: at,
          ended_at: null,
        })
        .execute();
      await db
        .insertInto('care_visit')
        .values({
          id: randomUUID(),
          plan_id: planId,
          community_id: community.community_id,
          household_id: householdId,
          resident_id: residentOf.get(householdId) as string,
          visited_at: at,
          recorded_at: at,
          recorded_by_user_id: null,
          visitor_name: '测试',
          visitor_position_id: null,
          visitor_tier: null,
          how: 'in_person',
          activities: '["chat"]',
          health_worse: 1,
          health_detail: HEALTH_DETAIL,
          needs_something: 0,
          needs_detail: null,
          note: null,
        })
        .execute();
      planOf.set(householdId, planId);
      const recorder = t.seed.users.find((u) => u.username === 'worker')?.id as string;
      await db
        .insertInto('welfare_facts')
        .values({
          id: randomUUID(),
          community_id: community.community_id,
          household_id: householdId,
          finance_facts: JSON.stringify({ members: 1, monthlyIncome: 900, localHukou: true }),
          health_facts: JSON.stringify({ severeDisability: true }),
          note: null,
          recorded_by_user_id: recorder,
          recorded_at: at,
        })
        .execute();
    }
    await feed.close();
  });
  afterAll(async () => {
    await t.close();
  });

  const cases = (
    Object.entries(EXPECTATIONS) as [Role, Record<Endpoint, Record<Relation, Expected>>][]
  ).flatMap(([role, endpoints]) =>
    (Object.entries(endpoints) as [Endpoint, Record<Relation, Expected>][]).flatMap(([endpoint, relations]) =>
      (Object.entries(relations) as [Relation, Expected][]).map(([relation, expected]) => ({
        role,
        endpoint,
        relation,
        expected,
      })),
    ),
  );

  it.each(cases)(
    '$role · $endpoint · $relation → $expected',
    async ({ role, endpoint, relation, expected }) => {
      const session = sessions.get(role) as SignedIn;
      const id = subjects.get(role)?.[relation] as string;
      const outcome = await probe(endpoint, session, id, role);
      expect(outcome).toBe(expected);
    },
  );

  /** Calls one endpoint about one household and says what the caller got, checking fields on the way. */
  async function probe(
    endpoint: Endpoint,
    session: SignedIn,
    householdId: string,
    role: Role,
  ): Promise<Expected> {
    const record = async (
      url: string,
      notFoundCode: string,
      method: 'GET' | 'PATCH' | 'POST' = 'GET',
      payload?: object,
    ) => {
      const res =
        method === 'GET'
          ? await session.get(url)
          : await t.app.inject({
              method,
              url,
              payload,
              headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
            });
      if (res.statusCode === 403) {
        expect(res.json().error.code).toBe('auth.forbidden');
        return { outcome: 'forbidden' as const, body: null };
      }
      if (res.statusCode === 404) {
        // Exactly the answer a missing record gets: nothing tells "exists but not yours" apart.
        expect(Object.keys(res.json().error).sort()).toEqual(['code', 'message']);
        expect(res.json().error.code).toBe(notFoundCode);
        return { outcome: 'hidden' as const, body: null };
      }
      expect(res.statusCode, res.body).toBe(200);
      // No ID number reaches a role without the identity class, whatever the endpoint.
      if (!SEES_IDENTITY.includes(role)) expect(res.body).not.toMatch(/idNumber|\d{17}[\dX]/);
      return { outcome: 'shown' as const, body: res.json() };
    };
    switch (endpoint) {
      case 'household': {
        const { outcome, body } = await record(
          `/api/v1/households/${householdId}`,
          'registry.household_not_found',
        );
        if (body) {
          expect(body.id).toBe(householdId);
          for (const member of body.members) expect('idNumber' in member).toBe(SEES_IDENTITY.includes(role));
        }
        return outcome;
      }
      case 'householdHistory':
        return (await record(`/api/v1/households/${householdId}/history`, 'registry.household_not_found'))
          .outcome;
      case 'coverHistory':
        return (
          await record(`/api/v1/households/${householdId}/cover-history`, 'registry.household_not_found')
        ).outcome;
      case 'residentEdit': {
        const residentId = residentOf.get(householdId) ?? randomUUID();
        return (
          await record(`/api/v1/residents/${residentId}`, 'registry.resident_not_found', 'PATCH', {
            preferredLanguage: 'zh-CN',
          })
        ).outcome;
      }
      case 'report': {
        const reportId = reportOf.get(householdId) ?? randomUUID();
        const { outcome, body } = await record(`/api/v1/reports/${reportId}`, 'reports.not_found');
        if (body) expect(body.householdId).toBe(householdId);
        return outcome;
      }
      case 'reportList': {
        const { outcome, body } = await record('/api/v1/reports?state=all&limit=200', 'route.not_found');
        if (!body) return outcome;
        return (body.items as { householdId: string | null }[]).some((r) => r.householdId === householdId)
          ? 'shown'
          : 'hidden';
      }
      case 'carePlan':
      case 'careVisits': {
        const planId = planOf.get(householdId) ?? randomUUID();
        const url = `/api/v1/care/plans/${planId}${endpoint === 'careVisits' ? '/visits' : ''}`;
        const { outcome, body } = await record(url, 'care.plan_not_found');
        if (body && endpoint === 'carePlan') expect(body.householdId).toBe(householdId);
        if (body && endpoint === 'careVisits') {
          expect(body.items).toHaveLength(1);
          expect(body.items[0].healthNoted).toBe(true);
          expect(JSON.stringify(body).includes(HEALTH_DETAIL)).toBe(SEES_HEALTH.includes(role));
        }
        return outcome;
      }
      case 'carePlanList': {
        const { outcome, body } = await record('/api/v1/care/plans?limit=500', 'route.not_found');
        if (!body) return outcome;
        return (body.items as { householdId: string }[]).some((p) => p.householdId === householdId)
          ? 'shown'
          : 'hidden';
      }
      case 'checkinsToday': {
        const { outcome, body } = await record('/api/v1/care/checkins/today', 'route.not_found');
        if (!body) return outcome;
        const items = (body.people as { items: { householdId: string; state: string }[] }[]).flatMap(
          (p) => p.items,
        );
        const item = items.find((i) => i.householdId === householdId);
        if (item) expect(item.state).toBe('due');
        return item ? 'shown' : 'hidden';
      }
      case 'welfareFacts': {
        const { outcome, body } = await record(
          `/api/v1/welfare/households/${householdId}/facts`,
          'registry.household_not_found',
        );
        if (body) {
          expect(body.household.householdId).toBe(householdId);
          expect(body.withheld).toEqual(SEES_HEALTH.includes(role) ? [] : ['severeDisability']);
        }
        return outcome;
      }
      case 'welfareEvaluate':
        return (
          await record(
            `/api/v1/welfare/households/${householdId}/evaluations`,
            'registry.household_not_found',
            'POST',
            {
              policyId: 'dibao',
            },
          )
        ).outcome;
      case 'welfareFactsWrite':
        return (
          await record(
            `/api/v1/welfare/households/${householdId}/facts`,
            'registry.household_not_found',
            'POST',
            { members: 1, monthlyIncome: 900, localHukou: true, severeDisability: true },
          )
        ).outcome;
      case 'welfareDecisions': {
        const { outcome, body } = await record(
          `/api/v1/welfare/households/${householdId}/decisions`,
          'registry.household_not_found',
        );
        if (body) for (const d of body.decisions) expect(d.household.householdId).toBe(householdId);
        return outcome;
      }
      case 'householdList':
      case 'residentList':
      case 'residentSearch': {
        const q = encodeURIComponent(labelOf.get(householdId) ?? '99-9-9999');
        const url =
          endpoint === 'householdList'
            ? '/api/v1/households?limit=500'
            : endpoint === 'residentList'
              ? `/api/v1/residents?limit=500&q=${q}`
              : `/api/v1/residents/search?limit=200&q=${q}`;
        const { outcome, body } = await record(url, 'route.not_found');
        if (!body) return outcome;
        const ids = (body.items as { id?: string; householdId?: string }[]).map((h) => h.householdId ?? h.id);
        return ids.includes(householdId) ? 'shown' : 'hidden';
      }
    }
  }

  it.each(Object.keys(ACCOUNTS) as Role[])(
    '%s: the list holds exactly the households in scope, and no ID numbers',
    async (role) => {
      const res = await (sessions.get(role) as SignedIn).get('/api/v1/households?limit=500');
      if (role === 'admin' || role === 'volunteer') {
        expect(res.statusCode).toBe(403);
        return;
      }
      const body = res.json();
      expect(new Set(body.items.map((h: { id: string }) => h.id))).toEqual(inScope.get(role));
      expect(body.total).toBe(inScope.get(role)?.size);
      expect(res.body).not.toMatch(/idNumber/);
    },
  );

  it.each(Object.keys(ACCOUNTS) as Role[])(
    '%s: the home numbers count only the households in scope',
    async (role) => {
      const res = await (sessions.get(role) as SignedIn).get('/api/v1/home');
      expect(res.statusCode).toBe(200);
      expect(res.json().households).toBe(inScope.get(role)?.size ?? 0);
    },
  );

  it('every ID number shown is in the audit trail with its resident and class; chain roles leave none', async () => {
    const db = t.database.db;
    const count = () =>
      db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'read.sensitive')
        .where('field_class', '=', 'identity')
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const withIdNumber = await db
      .selectFrom('resident')
      .select('household_id')
      .where('community_id', '=', t.seed.communityIds[0] as string)
      .where('id_number', 'is not', null)
      .executeTakeFirstOrThrow();
    const id = withIdNumber.household_id;
    const before = await count();
    const household = (await (sessions.get('committee') as SignedIn).get(`/api/v1/households/${id}`)).json();
    const shown = household.members.filter((m: { idNumber: string | null }) => m.idNumber).length;
    expect(shown).toBeGreaterThan(0);
    expect(await count()).toBe(before + shown);
    const leaderId = subjects.get('building_leader')?.own as string;
    const afterCommittee = await count();
    await (sessions.get('building_leader') as SignedIn).get(`/api/v1/households/${leaderId}`);
    expect(await count()).toBe(afterCommittee);
  });
  /**
   * Door keys, errands and money handled on a resident's behalf (ARCHITECTURE brief, "Who sees what"):
   * workers and the committee see their community's; a chain role only the records its own position
   * carries — the key it holds, the errand it does, the money it handles — not every record of its
   * households. So the relation here is to the record:
   * holder — carried by the caller's own position (for community-wide roles: a record of their community);
   * own — about a household in the caller's scope, carried by someone else (a named neighbour);
   * sibling, otherCommunity, nonexistent — as in the table above.
   */
  describe('carried records: role × endpoint × relation', () => {
    type Carried = 'holder' | 'own' | 'sibling' | 'otherCommunity' | 'nonexistent';
    const CARRIED: Carried[] = ['holder', 'own', 'sibling', 'otherCommunity', 'nonexistent'];
    const CARRIED_ENDPOINTS = ['key', 'keyList', 'ledger', 'statementPdf', 'errand', 'errandsDue'] as const;
    type CarriedEndpoint = (typeof CARRIED_ENDPOINTS)[number];
    const carriedRow = (o: Partial<Record<Carried, Expected>>, rest: Expected) =>
      Object.fromEntries(CARRIED.map((r) => [r, o[r] ?? rest])) as Record<Carried, Expected>;
    const NEVER = carriedRow({}, 'forbidden');
    const COMMUNITY_WIDE = carriedRow({ holder: 'shown', own: 'shown' }, 'hidden');
    const HOLDER_ONLY = carriedRow({ holder: 'shown' }, 'hidden');
    const BY_ROLE: Record<Role, Record<Carried, Expected>> = {
      admin: NEVER,
      volunteer: NEVER,
      // The subdistrict sees incomes for welfare decisions, but no keys and no money handled for residents.
      subdistrict: NEVER,
      worker: COMMUNITY_WIDE,
      committee: COMMUNITY_WIDE,
      branch: HOLDER_ONLY,
      group_leader: HOLDER_ONLY,
      party_member: HOLDER_ONLY,
      building_leader: HOLDER_ONLY,
    };

    interface Records {
      residentId: string;
      keyId: string;
      errandId: string;
    }
    const recordsOf = new Map<string, Records>();
    const subjectOf = new Map<string, Records>();

    beforeAll(async () => {
      const db = t.database.db;
      const at = t.clock().toISOString();
      const used = new Set<string>();
      /** One key, one money account and one daily errand about the household, carried as given. */
      const carry = async (householdId: string, carrier: { positionId: string } | { name: string }) => {
        const existing = recordsOf.get(householdId);
        if (existing) return existing;
        const household = await db
          .selectFrom('household')
          .select('community_id')
          .where('id', '=', householdId)
          .executeTakeFirstOrThrow();
        const residentId = residentOf.get(householdId) as string;
        const positionId = 'positionId' in carrier ? carrier.positionId : null;
        const name = 'name' in carrier ? carrier.name : null;
        const base = {
          community_id: household.community_id,
          household_id: householdId,
          resident_id: residentId,
        };
        const records: Records = { residentId, keyId: randomUUID(), errandId: randomUUID() };
        await db
          .insertInto('care_key')
          .values({
            ...base,
            id: records.keyId,
            label: '入户门',
            holder_position_id: positionId,
            holder_name: name,
            holder_phone: null,
            held_since: '2026-01-01',
            consent_date: '2026-01-01',
            consent_form: 'written',
            consent_witness: null,
            note: null,
            returned_on: null,
            returned_to: null,
            return_note: null,
            returned_by_user_id: null,
            created_by_user_id: null,
            created_at: at,
          })
          .execute();
        await db
          .insertInto('care_money_account')
          .values({
            ...base,
            id: randomUUID(),
            handler_position_id: positionId,
            handler_name: name,
            handler_phone: null,
            note: null,
            opened_by_user_id: null,
            opened_at: at,
            updated_at: at,
          })
          .execute();
        await db
          .insertInto('care_errand')
          .values({
            ...base,
            id: records.errandId,
            kind: 'collect_medicine',
            title: '取药',
            schedule_kind: 'every_days',
            schedule_n: 1,
            starts_on: '2026-11-01',
            doer_position_id: positionId,
            doer_name: name,
            doer_phone: null,
            expected_fen: null,
            counterparty: null,
            note: null,
            created_by_user_id: null,
            created_at: at,
            ended_at: null,
          })
          .execute();
        recordsOf.set(householdId, records);
        used.add(householdId);
        return records;
      };
      const unused = (households: readonly string[]) => {
        const free = households.find((h) => !used.has(h) && residentOf.has(h));
        if (!free) throw new Error('the test community has too few households for the carried-records table');
        used.add(free);
        return free;
      };
      const leaderPosition = ownPositionOf.get('building_leader') as string;
      // Smallest scopes first, so every chain role finds two households of its own still free.
      const roles: Role[] = [
        'building_leader',
        'party_member',
        'group_leader',
        'branch',
        'worker',
        'committee',
        'subdistrict',
        'admin',
        'volunteer',
      ];
      const holderOf = new Map<Role, Records>();
      const ownOf = new Map<Role, Records>();
      for (const role of roles) {
        const position = ownPositionOf.get(role);
        const mine = position ? (chainHouseholdsOf.get(role) ?? []) : firstCommunityHouseholds;
        holderOf.set(role, await carry(unused(mine), { positionId: position ?? leaderPosition }));
        ownOf.set(role, await carry(unused(mine), { name: '邻居王大爷' }));
      }
      // Records of other lines and communities: carried by anyone but the caller, whoever that is.
      for (const role of roles) {
        const byRelation: Record<Carried, Records> = {
          holder: holderOf.get(role) as Records,
          own: ownOf.get(role) as Records,
          sibling: await carry(subjects.get(role)?.sibling ?? siblingCommunityHousehold, {
            name: '邻居李大妈',
          }),
          otherCommunity: await carry(otherSubdistrictHousehold, { name: '远方邻居' }),
          nonexistent: { residentId: randomUUID(), keyId: randomUUID(), errandId: randomUUID() },
        };
        for (const relation of CARRIED) subjectOf.set(`${role}:${relation}`, byRelation[relation]);
      }
    });

    const carriedCases = (Object.entries(BY_ROLE) as [Role, Record<Carried, Expected>][]).flatMap(
      ([role, relations]) =>
        CARRIED_ENDPOINTS.flatMap((endpoint) =>
          (Object.entries(relations) as [Carried, Expected][]).map(([relation, expected]) => ({
            role,
            endpoint,
            relation,
            expected,
          })),
        ),
    );

    it.each(carriedCases)(
      '$role · $endpoint · $relation → $expected',
      async ({ role, endpoint, relation, expected }) => {
        const session = sessions.get(role) as SignedIn;
        const records = subjectOf.get(`${role}:${relation}`) as Records;
        expect(await probeCarried(endpoint, session, records)).toBe(expected);
      },
    );

    it.each(['worker', 'building_leader'] as Role[])(
      '%s: every key and ledger shown is in the audit trail with its resident; hidden ones add no read',
      async (role) => {
        const session = sessions.get(role) as SignedIn;
        const reads = (fieldClass: string, residentId: string) =>
          t.database.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'read.sensitive')
            .where('field_class', '=', fieldClass)
            .where('resident_id', '=', residentId)
            .executeTakeFirstOrThrow()
            .then((r) => Number(r.n));
        const holder = subjectOf.get(`${role}:holder`) as Records;
        const hidden = subjectOf.get(`${role}:sibling`) as Records;
        const [keys, money, hiddenKeys] = [
          await reads('keys', holder.residentId),
          await reads('finance', holder.residentId),
          await reads('keys', hidden.residentId),
        ];
        expect((await session.get(`/api/v1/care/keys/${holder.keyId}`)).statusCode).toBe(200);
        expect((await session.get(`/api/v1/care/residents/${holder.residentId}/money`)).statusCode).toBe(200);
        expect((await session.get(`/api/v1/care/keys/${hidden.keyId}`)).statusCode).toBe(404);
        expect(await reads('keys', holder.residentId)).toBe(keys + 1);
        expect(await reads('finance', holder.residentId)).toBe(money + 1);
        expect(await reads('keys', hidden.residentId)).toBe(hiddenKeys);
      },
    );

    async function probeCarried(
      endpoint: CarriedEndpoint,
      session: SignedIn,
      records: Records,
    ): Promise<Expected> {
      const record = async (url: string, notFoundCode: string) => {
        const res = await session.get(url);
        if (res.statusCode === 403) {
          expect(res.json().error.code).toBe('auth.forbidden');
          return { outcome: 'forbidden' as const, res };
        }
        if (res.statusCode === 404) {
          expect(Object.keys(res.json().error).sort()).toEqual(['code', 'message']);
          expect(res.json().error.code).toBe(notFoundCode);
          return { outcome: 'hidden' as const, res };
        }
        expect(res.statusCode, res.body).toBe(200);
        return { outcome: 'shown' as const, res };
      };
      const listed = async (url: string, has: (body: unknown) => boolean) => {
        const { outcome, res } = await record(url, 'route.not_found');
        if (outcome !== 'shown') return outcome;
        return has(res.json()) ? 'shown' : 'hidden';
      };
      switch (endpoint) {
        case 'key':
          return (await record(`/api/v1/care/keys/${records.keyId}`, 'care.key_not_found')).outcome;
        case 'keyList':
          return listed('/api/v1/care/keys', (b) =>
            (b as { items: { id: string }[] }).items.some((k) => k.id === records.keyId),
          );
        case 'ledger':
          return (await record(`/api/v1/care/residents/${records.residentId}/money`, 'care.money_not_found'))
            .outcome;
        case 'statementPdf': {
          const { outcome, res } = await record(
            `/api/v1/care/residents/${records.residentId}/money/statement.pdf?month=2026-11`,
            'care.money_not_found',
          );
          if (outcome === 'shown') expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          return outcome;
        }
        case 'errand':
          return (await record(`/api/v1/care/errands/${records.errandId}`, 'care.errand_not_found')).outcome;
        case 'errandsDue':
          return listed('/api/v1/care/errands/due', (b) =>
            (b as { people: { errands: { id: string }[] }[] }).people.some((p) =>
              p.errands.some((e) => e.id === records.errandId),
            ),
          );
      }
    }
  });
});

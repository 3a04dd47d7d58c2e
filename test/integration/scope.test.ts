import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeedBus } from '../../src/server/reports/feed';
import { saveReport } from '../../src/server/reports/reports.usecases';
import { isChainRole, type Role, type Tier } from '../../src/shared/roles';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
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
  'residentEdit',
  'report',
  'reportList',
] as const;
type Endpoint = (typeof ENDPOINTS)[number];
/** `shown`: 200 with the record, or listed; `hidden`: 404 (or not listed); `forbidden`: 403. */
type Expected = 'shown' | 'hidden' | 'forbidden';

const ALL_RELATIONS: Relation[] = ['own', 'sibling', 'parent', 'otherCommunity', 'nonexistent'];

/** Accounts of the first community (see test/support/testApp.ts) by role. */
const ACCOUNTS: Record<Role, string> = {
  admin: 'admin',
  subdistrict: 'subdistrict',
  worker: 'worker',
  committee: 'committee',
  branch: 'branch',
  group_leader: 'groupleader',
  party_member: 'partymember',
  building_leader: 'buildingleader',
  volunteer: 'volunteer',
};

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
    residentEdit: NONE,
    report: NONE,
    reportList: NONE,
  },
  volunteer: {
    household: NONE,
    householdList: NONE,
    householdHistory: NONE,
    coverHistory: NONE,
    residentSearch: NONE,
    residentEdit: NONE,
    report: NONE,
    reportList: NONE,
  },
  subdistrict: {
    household: SUBDISTRICT,
    householdList: SUBDISTRICT,
    householdHistory: SUBDISTRICT,
    coverHistory: SUBDISTRICT,
    residentSearch: SUBDISTRICT,
    residentEdit: NONE,
    report: SUBDISTRICT,
    reportList: SUBDISTRICT,
  },
  worker: {
    household: COMMUNITY,
    householdList: COMMUNITY,
    householdHistory: COMMUNITY,
    coverHistory: COMMUNITY,
    residentSearch: COMMUNITY,
    residentEdit: COMMUNITY,
    report: COMMUNITY,
    reportList: COMMUNITY,
  },
  committee: {
    household: COMMUNITY,
    householdList: COMMUNITY,
    householdHistory: COMMUNITY,
    coverHistory: COMMUNITY,
    residentSearch: COMMUNITY,
    residentEdit: COMMUNITY,
    report: COMMUNITY,
    reportList: COMMUNITY,
  },
  branch: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
  },
  group_leader: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
  },
  party_member: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
  },
  building_leader: {
    household: OWN_ONLY,
    householdList: OWN_ONLY,
    householdHistory: OWN_ONLY,
    coverHistory: OWN_ONLY,
    residentSearch: OWN_ONLY,
    residentEdit: NONE,
    report: OWN_ONLY,
    reportList: OWN_ONLY,
  },
};

/** Roles that see ID numbers (ARCHITECTURE.md "Who sees what"). */
const SEES_IDENTITY: Role[] = ['subdistrict', 'worker', 'committee'];

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
      method: 'GET' | 'PATCH' = 'GET',
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
      case 'householdList':
      case 'residentSearch': {
        const url =
          endpoint === 'householdList'
            ? '/api/v1/households?limit=500'
            : `/api/v1/residents/search?limit=200&q=${encodeURIComponent(labelOf.get(householdId) ?? '99-9-9999')}`;
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
});

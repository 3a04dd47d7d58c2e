import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
type Endpoint = 'household' | 'householdList';
/** `shown` for the record endpoint means 200 with the record; for the list, that it is listed. */
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

/** The table: role × endpoint × relation → what the caller gets. Later issues add their endpoints here. */
const EXPECTATIONS: Record<Role, Record<Endpoint, Record<Relation, Expected>>> = {
  admin: { household: row({}, 'forbidden'), householdList: row({}, 'forbidden') },
  volunteer: { household: row({}, 'forbidden'), householdList: row({}, 'forbidden') },
  subdistrict: {
    household: row({ own: 'shown', sibling: 'shown', parent: 'shown' }, 'hidden'),
    householdList: row({ own: 'shown', sibling: 'shown', parent: 'shown' }, 'hidden'),
  },
  worker: {
    household: row({ own: 'shown', parent: 'shown' }, 'hidden'),
    householdList: row({ own: 'shown', parent: 'shown' }, 'hidden'),
  },
  committee: {
    household: row({ own: 'shown', parent: 'shown' }, 'hidden'),
    householdList: row({ own: 'shown', parent: 'shown' }, 'hidden'),
  },
  branch: { household: row({ own: 'shown' }, 'hidden'), householdList: row({ own: 'shown' }, 'hidden') },
  group_leader: {
    household: row({ own: 'shown' }, 'hidden'),
    householdList: row({ own: 'shown' }, 'hidden'),
  },
  party_member: {
    household: row({ own: 'shown' }, 'hidden'),
    householdList: row({ own: 'shown' }, 'hidden'),
  },
  building_leader: {
    household: row({ own: 'shown' }, 'hidden'),
    householdList: row({ own: 'shown' }, 'hidden'),
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
      if (endpoint === 'household') {
        const res = await session.get(`/api/v1/households/${id}`);
        if (expected === 'forbidden') {
          expect(res.statusCode).toBe(403);
          expect(res.json().error.code).toBe('auth.forbidden');
          return;
        }
        if (expected === 'hidden') {
          expect(res.statusCode).toBe(404);
          // Exactly the answer a missing record gets: nothing tells "exists but not yours" apart.
          expect(res.json()).toEqual({
            error: { code: 'registry.household_not_found', message: '找不到这户。' },
          });
          return;
        }
        expect(res.statusCode).toBe(200);
        const household = res.json();
        expect(household.id).toBe(id);
        expect(household.members.length).toBeGreaterThan(0);
        for (const member of household.members) {
          expect('idNumber' in member, `${role} sees idNumber`).toBe(SEES_IDENTITY.includes(role));
        }
        return;
      }
      const res = await session.get('/api/v1/households?limit=500');
      if (expected === 'forbidden') {
        expect(res.statusCode).toBe(403);
        return;
      }
      expect(res.statusCode).toBe(200);
      const ids = (res.json().items as { id: string }[]).map((h) => h.id);
      expect(ids.includes(id)).toBe(expected === 'shown');
    },
  );

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

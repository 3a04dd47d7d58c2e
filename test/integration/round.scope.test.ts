import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeScope } from '../../src/server/auth/scope';
import { findUserById } from '../../src/server/auth/users.repository';
import { localDate } from '../../src/server/clock';
import { isChainRole, ROLES, type Role } from '../../src/shared/roles';
import { ACCOUNTS, createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Every endpoint of the round (src/server/round/round.routes.ts) in the style of scope.test.ts:
 * role × endpoint × relation. The relation is about the household (or the building leader's position,
 * or the subscription) the request names:
 * own — in the caller's scope (for chain roles, under their line; for workers and the committee, their
 *   community); sibling — for chain roles a household of their community outside their line, for
 *   community-wide roles one of another community of the same subdistrict; otherCommunity — a
 *   community of another subdistrict; nonexistent — an id nobody has.
 * Lists are probed as `own` only: 200 with the caller's record and none of the other community's, or 403.
 */
type Relation = 'own' | 'sibling' | 'otherCommunity' | 'nonexistent';
const RELATIONS: Relation[] = ['own', 'sibling', 'otherCommunity', 'nonexistent'];
const ENDPOINTS = [
  'items',
  'subscriptionCreate',
  'subscriptionEnd',
  'settings',
  'today',
  'door',
  'subscriptions',
  'waiting',
  'signals',
  'tasks',
  'coverage',
] as const;
type Endpoint = (typeof ENDPOINTS)[number];
const LISTS: Endpoint[] = ['subscriptions', 'waiting', 'signals', 'tasks', 'coverage'];
type Expected = 'shown' | 'hidden' | 'forbidden';
type Row = Partial<Record<Relation, Expected>>;
type Table = Record<Endpoint, Row>;

function table(per: (e: Endpoint) => 'inScope' | 'forbidden'): Table {
  return Object.fromEntries(
    ENDPOINTS.map((e) => {
      const relations = LISTS.includes(e) ? (['own'] as Relation[]) : RELATIONS;
      const kind = per(e);
      return [
        e,
        Object.fromEntries(
          relations.map((r) => [r, kind === 'forbidden' ? 'forbidden' : r === 'own' ? 'shown' : 'hidden']),
        ),
      ];
    }),
  ) as Table;
}
const NONE = table(() => 'forbidden');
const ALL = table(() => 'inScope');
/** The chain above a building leader sees and does the round of its line, but sets no household's days. */
const CHAIN_ABOVE = table((e) => (e === 'settings' ? 'forbidden' : 'inScope'));

const EXPECTATIONS: Record<Role, Table> = {
  admin: NONE,
  subdistrict: NONE,
  worker: ALL,
  committee: ALL,
  branch: CHAIN_ABOVE,
  group_leader: CHAIN_ABOVE,
  party_member: CHAIN_ABOVE,
  building_leader: ALL,
  volunteer: NONE,
};

const BASE = '/api/v1/round';

function judge(res: LightMyRequestResponse, fits: (body: never) => boolean = () => true): string {
  const error = () => (res.json() as { error?: { code?: string; message?: string } }).error ?? {};
  if (res.statusCode === 403) return error().code === 'auth.forbidden' ? 'forbidden' : `403 ${res.body}`;
  if (res.statusCode === 404) {
    const keys = Object.keys(error()).sort().join(',');
    return keys === 'code,message' && /not_found$/.test(error().code ?? '') ? 'hidden' : `404 ${res.body}`;
  }
  if (res.statusCode !== 200) return `unexpected ${res.statusCode} ${res.body.slice(0, 160)}`;
  return fits(res.json() as never) ? 'shown' : `200 but ${res.body.slice(0, 160)}`;
}

describe.each(DIALECTS)('who reaches which endpoint of the round on %s', (dialect) => {
  let t: TestApp;
  const households = new Map<Role, Record<Relation, string>>();
  const positions = new Map<Role, Record<Relation, string>>();
  const subscriptions = new Map<string, string>();
  let farHousehold: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    const today = localDate(t.clock());
    const [c1, c2] = t.seed.communityIds as [string, string];
    const all = await db.selectFrom('household').select(['id', 'community_id']).orderBy('id').execute();
    const leaders = await db
      .selectFrom('household_assignment')
      .innerJoin('liaison_position', 'liaison_position.id', 'household_assignment.position_id')
      .select(['household_assignment.household_id', 'liaison_position.id', 'liaison_position.community_id'])
      .where('liaison_position.tier', '=', 'building_leader')
      .execute();
    const leaderOf = new Map(leaders.map((l) => [l.household_id, l.id]));
    const first = (community: string, keep: (id: string) => boolean = () => true) =>
      all.find((h) => h.community_id === community && leaderOf.has(h.id) && keep(h.id))?.id as string;
    farHousehold = first(t.farCommunityId);
    for (const role of ROLES) {
      const userId = t.seed.users.find((u) => u.username === ACCOUNTS[role])?.id as string;
      const user = await findUserById(db, userId);
      if (!user) throw new Error(`no seeded ${role}`);
      const scope = await computeScope(db, user, today);
      const inLine = (id: string) => scope.householdIds?.has(id) ?? true;
      const chain = isChainRole(role);
      const own = chain ? first(c1, inLine) : first(c1);
      const sibling = chain ? first(c1, (id) => !inLine(id)) : first(c2);
      households.set(role, { own, sibling, otherCommunity: farHousehold, nonexistent: randomUUID() });
      positions.set(role, {
        own: leaderOf.get(own) as string,
        sibling: leaderOf.get(sibling) as string,
        otherCommunity: leaderOf.get(farHousehold) as string,
        nonexistent: randomUUID(),
      });
    }
    // One subscription and one registered letter waiting per household the table names, and a signal.
    const at = t.clock().toISOString();
    const named = new Set([...households.values()].flatMap((h) => [h.own, h.sibling, h.otherCommunity]));
    for (const h of all.filter((x) => named.has(x.id))) {
      const id = randomUUID();
      subscriptions.set(h.id, id);
      await db
        .insertInto('round_subscription')
        .values({
          id,
          community_id: h.community_id,
          household_id: h.id,
          paper: '北京晚报',
          weekdays: '1234567',
          starts_on: today,
          ended_on: null,
          created_at: at,
          created_by_user_id: null,
        })
        .execute();
      await db
        .insertInto('round_item')
        .values({
          id: randomUUID(),
          community_id: h.community_id,
          household_id: h.id,
          kind: 'registered',
          paper: null,
          subscription_id: null,
          date: today,
          state: 'waiting',
          logged_at: at,
          logged_by_user_id: null,
          door_id: null,
          settled_at: null,
          taken_at: null,
          still_there_at: null,
        })
        .execute();
      await db
        .insertInto('round_signal')
        .values({
          id: randomUUID(),
          community_id: h.community_id,
          household_id: h.id,
          resident_id: null,
          reason: 'not_taken',
          since: today,
          days: 2,
          pile_days: 2,
          raised_at: at,
          open_household_id: h.id,
          checkin_id: null,
          escalated_at: null,
          closed_at: null,
          closed_reason: null,
        })
        .execute();
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const has = (list: { householdId: string }[], own: string) =>
    list.some((x) => x.householdId === own) && !list.some((x) => x.householdId === farHousehold);

  async function probe(who: SignedIn, role: Role, endpoint: Endpoint, relation: Relation): Promise<string> {
    const household = households.get(role)?.[relation] as string;
    const own = households.get(role)?.own as string;
    const key = { 'idempotency-key': randomUUID() };
    switch (endpoint) {
      case 'items':
        return judge(
          await who.post(`${BASE}/items`, { items: [{ householdId: household, kind: 'letter' }] }),
        );
      case 'subscriptionCreate':
        return judge(
          await who.post(`${BASE}/subscriptions`, {
            householdId: household,
            paper: '参考消息',
            weekdays: [1],
          }),
        );
      case 'subscriptionEnd':
        return judge(
          await who.post(`${BASE}/subscriptions/${subscriptions.get(household) ?? randomUUID()}/end`),
        );
      case 'settings':
        return judge(await who.post(`${BASE}/households/${household}/settings`, { pileDays: 2 }));
      case 'today':
        return judge(await who.get(`${BASE}/today?positionId=${positions.get(role)?.[relation]}`));
      case 'door':
        return judge(
          await who.post(`${BASE}/doors`, { householdId: household, outcome: 'nobody_home' }, key),
        );
      case 'subscriptions':
        return judge(await who.get(`${BASE}/subscriptions`), (b: { items: { householdId: string }[] }) =>
          has(b.items, own),
        );
      case 'waiting':
        return judge(await who.get(`${BASE}/waiting`), (b: { items: { householdId: string }[] }) =>
          has(b.items, own),
        );
      case 'signals':
        return judge(await who.get(`${BASE}/signals`), (b: { items: { householdId: string }[] }) =>
          has(b.items, own),
        );
      case 'tasks':
        return judge(await who.get(`${BASE}/tasks`), (b: { items: unknown[] }) => Array.isArray(b.items));
      case 'coverage': {
        const mine = positions.get(role)?.own;
        const far = positions.get(role)?.otherCommunity;
        return judge(
          await who.get(`${BASE}/coverage`),
          (b: { leaders: { positionId: string }[] }) =>
            b.leaders.some((l) => l.positionId === mine) && !b.leaders.some((l) => l.positionId === far),
        );
      }
    }
  }

  it.each(ROLES)('as %s, every endpoint answers as the table says', async (role) => {
    const who = await signIn(t.app, ACCOUNTS[role]);
    const got: Record<string, Row> = {};
    for (const endpoint of ENDPOINTS) {
      got[endpoint] = {};
      for (const relation of Object.keys(EXPECTATIONS[role][endpoint]) as Relation[]) {
        (got[endpoint] as Row)[relation] = (await probe(who, role, endpoint, relation)) as Expected;
      }
    }
    expect(got).toEqual(EXPECTATIONS[role]);
  });
});

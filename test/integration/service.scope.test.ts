import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/roles';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * The service station's endpoints in the style of scope.test.ts: role × endpoint × relation.
 * own — a record of the caller's community (for bookings and orders: a household or resident in
 * their scope; for hours: a volunteer record they may see, their own for a volunteer);
 * otherCommunity — the same kind of record in a community of another subdistrict;
 * nonexistent — an id nobody has.
 */
type Relation = 'own' | 'otherCommunity' | 'nonexistent';
const RELATIONS: Relation[] = ['own', 'otherCommunity', 'nonexistent'];
const ENDPOINTS = [
  'session',
  'checkinQr',
  'booking',
  'round',
  'order',
  'deliveries',
  'readings',
  'hours',
  'value',
] as const;
type Endpoint = (typeof ENDPOINTS)[number];
/** `shown`: 200; `hidden`: 404; `forbidden`: 403. */
type Expected = 'shown' | 'hidden' | 'forbidden';

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

const NONE: Record<Relation, Expected> = {
  own: 'forbidden',
  otherCommunity: 'forbidden',
  nonexistent: 'forbidden',
};
const OWN_ONLY: Record<Relation, Expected> = {
  own: 'shown',
  otherCommunity: 'hidden',
  nonexistent: 'hidden',
};

const STAFF: Record<Endpoint, Record<Relation, Expected>> = {
  session: OWN_ONLY,
  checkinQr: OWN_ONLY,
  booking: OWN_ONLY,
  round: OWN_ONLY,
  order: OWN_ONLY,
  deliveries: OWN_ONLY,
  readings: OWN_ONLY,
  hours: OWN_ONLY,
  value: OWN_ONLY,
};
const CHAIN: Record<Endpoint, Record<Relation, Expected>> = {
  session: OWN_ONLY,
  checkinQr: NONE,
  booking: OWN_ONLY,
  round: OWN_ONLY,
  order: OWN_ONLY,
  deliveries: OWN_ONLY,
  readings: NONE,
  hours: NONE,
  value: NONE,
};

const EXPECTATIONS: Record<Role, Record<Endpoint, Record<Relation, Expected>>> = {
  admin: Object.fromEntries(ENDPOINTS.map((e) => [e, NONE])) as Record<Endpoint, Record<Relation, Expected>>,
  subdistrict: {
    ...(Object.fromEntries(ENDPOINTS.map((e) => [e, NONE])) as Record<Endpoint, Record<Relation, Expected>>),
    value: OWN_ONLY,
  },
  worker: STAFF,
  committee: STAFF,
  branch: CHAIN,
  group_leader: CHAIN,
  party_member: CHAIN,
  building_leader: CHAIN,
  volunteer: {
    session: OWN_ONLY,
    checkinQr: NONE,
    booking: NONE,
    round: OWN_ONLY,
    order: NONE,
    deliveries: NONE,
    readings: NONE,
    hours: OWN_ONLY,
    value: NONE,
  },
};

function outcome(res: LightMyRequestResponse): Expected | `unexpected ${number}` {
  if (res.statusCode === 200) return 'shown';
  if (res.statusCode === 404) return 'hidden';
  if (res.statusCode === 403) return 'forbidden';
  return `unexpected ${res.statusCode}`;
}

describe.each(DIALECTS)('service station scope on %s: role × endpoint × relation', (dialect) => {
  let t: TestApp;
  const sessions = new Map<Role, SignedIn>();
  /** Per kind of record: the id for each relation (own households and residents differ per role). */
  const ids: Record<'session' | 'round' | 'volunteer' | 'community', Record<Relation, string>> = {
    session: { own: '', otherCommunity: '', nonexistent: randomUUID() },
    round: { own: '', otherCommunity: '', nonexistent: randomUUID() },
    volunteer: { own: '', otherCommunity: '', nonexistent: randomUUID() },
    community: { own: '', otherCommunity: '', nonexistent: randomUUID() },
  };
  const ownHousehold = new Map<Role, { householdId: string; residentId: string }>();
  let farResident = { householdId: '', residentId: '' };
  /** A round per role, so each role's order is that household's first. */
  const roundOf = new Map<Role, string>();
  let ownVolunteerOfVolunteer = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    const c1 = t.seed.communityIds[0] as string;
    ids.community = { own: c1, otherCommunity: t.farCommunityId, nonexistent: randomUUID() };
    const worker = await signIn(t.app, 'worker');
    const farWorker = await signIn(t.app, 'far.worker');
    const station = async (as: SignedIn) => {
      const services = (await as.get('/api/v1/service/services')).json().items;
      const session = await as.post('/api/v1/service/sessions', {
        serviceId: services[0].id,
        startsAt: '2026-11-30T06:00:00Z',
        endsAt: '2026-11-30T08:00:00Z',
        place: { kind: 'station' },
        capacity: 100,
        volunteersNeeded: 1,
      });
      const round = await as.post('/api/v1/service/rounds', {
        title: '团购',
        supplier: '超市',
        closesOn: '2026-12-05',
        items: [{ name: '米', unit: '袋', marketFen: 6000, groupFen: 4500 }],
      });
      const volunteer = await as.post('/api/v1/service/volunteers', { name: '志愿者' });
      return { session: session.json().id, round: round.json().id, volunteer: volunteer.json().id };
    };
    const own = await station(worker);
    const far = await station(farWorker);
    ids.session = { ...ids.session, own: own.session, otherCommunity: far.session };
    ids.round = { ...ids.round, own: own.round, otherCommunity: far.round };
    ids.volunteer = { ...ids.volunteer, own: own.volunteer, otherCommunity: far.volunteer };
    const volunteerUser = t.seed.users.find((u) => u.username === 'volunteer');
    ownVolunteerOfVolunteer = (
      await worker.post('/api/v1/service/volunteers', { name: '刘师傅', userId: volunteerUser?.id })
    ).json().id;

    const farRow = await db
      .selectFrom('resident')
      .select(['id', 'household_id'])
      .where('community_id', '=', t.farCommunityId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    farResident = { householdId: farRow.household_id, residentId: farRow.id };
    for (const [role, username] of Object.entries(ACCOUNTS) as [Role, string][]) {
      const signed = await signIn(t.app, username);
      sessions.set(role, signed);
      roundOf.set(
        role,
        (
          await worker.post('/api/v1/service/rounds', {
            title: `团购 ${role}`,
            supplier: '超市',
            closesOn: '2026-12-05',
            items: [{ name: '米', unit: '袋', marketFen: 6000, groupFen: 4500 }],
          })
        ).json().id,
      );
      // A household the role has in scope: the first one its household list shows (any for the others).
      const listed = await signed.get('/api/v1/households?limit=1');
      const householdId =
        listed.statusCode === 200 && listed.json().items[0]
          ? (listed.json().items[0].id as string)
          : (
              await db
                .selectFrom('household')
                .select('id')
                .where('community_id', '=', c1)
                .orderBy('id')
                .executeTakeFirstOrThrow()
            ).id;
      const resident = await db
        .selectFrom('resident')
        .select('id')
        .where('household_id', '=', householdId)
        .executeTakeFirstOrThrow();
      ownHousehold.set(role, { householdId, residentId: resident.id });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const call = async (
    role: Role,
    endpoint: Endpoint,
    relation: Relation,
  ): Promise<LightMyRequestResponse> => {
    const as = sessions.get(role) as SignedIn;
    const mine = ownHousehold.get(role) as { householdId: string; residentId: string };
    const resident =
      relation === 'own'
        ? mine.residentId
        : relation === 'otherCommunity'
          ? farResident.residentId
          : randomUUID();
    const household =
      relation === 'own'
        ? mine.householdId
        : relation === 'otherCommunity'
          ? farResident.householdId
          : randomUUID();
    switch (endpoint) {
      case 'session':
        return as.get(`/api/v1/service/sessions/${ids.session[relation]}`);
      case 'checkinQr':
        return as.get(`/api/v1/service/sessions/${ids.session[relation]}/checkin-qr.svg`);
      case 'booking': {
        const res = await as.post(`/api/v1/service/sessions/${ids.session.own}/bookings`, {
          residentId: resident,
        });
        // Cancelled at once, so the next role may book the same resident.
        const booking =
          res.statusCode === 200
            ? res
                .json()
                .bookings.find(
                  (b: { resident: { residentId: string } }) => b.resident.residentId === resident,
                )
            : null;
        if (booking)
          expect((await as.post(`/api/v1/service/bookings/${booking.id}/cancel`)).statusCode).toBe(200);
        return res;
      }
      case 'round':
        return as.get(`/api/v1/service/rounds/${ids.round[relation]}`);
      case 'order': {
        const round = roundOf.get(role) as string;
        const item = (await sessions.get('worker')?.get(`/api/v1/service/rounds/${round}`))?.json().items[0]
          .id;
        return as.post(`/api/v1/service/rounds/${round}/orders`, {
          householdId: household,
          lines: [{ itemId: item, quantity: 1 }],
        });
      }
      case 'deliveries':
        return as.get(`/api/v1/service/rounds/${ids.round[relation]}/deliveries`);
      case 'readings':
        return as.get(`/api/v1/service/residents/${resident}/readings`);
      case 'hours': {
        const own = role === 'volunteer' ? ownVolunteerOfVolunteer : ids.volunteer.own;
        return as.get(
          `/api/v1/service/volunteers/${relation === 'own' ? own : ids.volunteer[relation]}/hours`,
        );
      }
      case 'value':
        return as.get(
          `/api/v1/service/value?communityId=${ids.community[relation]}&from=2026-11-01&to=2026-11-30`,
        );
    }
  };

  for (const role of Object.keys(ACCOUNTS) as Role[]) {
    it(`${role}: every station endpoint answers as the table says`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const endpoint of ENDPOINTS) {
        for (const relation of RELATIONS) {
          got.push(`${endpoint}/${relation}: ${outcome(await call(role, endpoint, relation))}`);
          want.push(`${endpoint}/${relation}: ${EXPECTATIONS[role][endpoint][relation]}`);
        }
      }
      expect(got).toEqual(want);
    });
  }

  it('a refusal out of scope is recorded in the audit trail', async () => {
    const denied = await t.database.db
      .selectFrom('audit_event')
      .select(['target_type'])
      .where('action', '=', 'access.denied')
      .where('target_type', 'in', [
        'service_session',
        'purchase_round',
        'service_volunteer',
        'community',
        'resident',
        'household',
      ])
      .execute();
    expect(new Set(denied.map((d) => d.target_type))).toEqual(
      new Set([
        'service_session',
        'purchase_round',
        'service_volunteer',
        'community',
        'resident',
        'household',
      ]),
    );
  });
});

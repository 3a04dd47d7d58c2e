import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeScope } from '../../src/server/auth/scope';
import { findUserById } from '../../src/server/auth/users.repository';
import { localDate } from '../../src/server/clock';
import { checkinCode } from '../../src/server/service/volunteers.usecases';
import { isChainRole, type Role } from '../../src/shared/roles';
import { ACCOUNTS, createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Every endpoint of the service station (src/server/service/service.routes.ts) in the style of
 * scope.test.ts: role × endpoint × relation. The relation is about the record the endpoint is about —
 * the id in the path, or for a create the foreign id in the body (the resident booked, the household
 * ordered for, the volunteer signed up, the community or service a record is made in):
 * own — a record of the caller's community; for residents and households one in the caller's scope,
 *   for volunteer records the caller's own (a volunteer's) or any of the station's (staff);
 * otherVolunteer — another volunteer record of the same community (volunteer endpoints only);
 * sibling — a household of the caller's community outside their chain line; for community-wide roles
 *   one of another community of the same subdistrict (household and resident endpoints only);
 * otherCommunity — the same kind of record in a community of another subdistrict;
 * nonexistent — an id nobody has.
 * Endpoints without an id (lists, me/*) are probed as `own` only: a list is 200 with the caller's
 * records and none of the other community's, or 403.
 */
type Relation = 'own' | 'otherVolunteer' | 'sibling' | 'otherCommunity' | 'nonexistent';
const NO_ID: Relation[] = ['own'];
const BY_ID: Relation[] = ['own', 'otherCommunity', 'nonexistent'];
const BY_HOUSEHOLD: Relation[] = ['own', 'sibling', 'otherCommunity', 'nonexistent'];
const BY_VOLUNTEER: Relation[] = ['own', 'otherVolunteer', 'otherCommunity', 'nonexistent'];

/** Each endpoint with the relations it is probed with, in the order of service.routes.ts. */
const ENDPOINTS = {
  servicesList: NO_ID,
  serviceCreate: BY_ID, // communityId in the body
  serviceValue: BY_ID,
  sessionsList: NO_ID,
  sessionCreate: BY_ID, // serviceId in the body
  session: BY_ID,
  booking: BY_HOUSEHOLD, // residentId in the body
  bookingCancel: BY_HOUSEHOLD,
  bookingAttendance: BY_HOUSEHOLD,
  volunteersList: NO_ID,
  volunteerCreate: BY_ID, // communityId in the body
  signup: BY_VOLUNTEER, // volunteerId in the body
  seriesCreate: BY_ID, // serviceId in the body
  seriesList: NO_ID,
  series: BY_ID,
  seriesGenerate: BY_ID,
  seriesEnrolment: BY_HOUSEHOLD, // residentId in the body, on the caller's series
  seriesVolunteer: BY_VOLUNTEER, // volunteerId in the body, on the caller's series
  sessionCancel: BY_ID,
  sessionMove: BY_ID,
  checkinQr: BY_ID,
  checkin: BY_VOLUNTEER, // volunteerId in the body; a volunteer brings the QR's code
  checkout: BY_ID, // the session; its volunteer was checked in just before
  noShows: BY_ID,
  remindersTomorrow: NO_ID,
  shortOfVolunteers: NO_ID,
  mySessions: NO_ID,
  hours: BY_VOLUNTEER,
  myHours: NO_ID,
  certificate: BY_VOLUNTEER,
  hoursCorrection: BY_ID, // an hours entry
  consent: BY_HOUSEHOLD, // the resident
  consentGive: BY_HOUSEHOLD,
  consentWithdraw: BY_HOUSEHOLD,
  readingCreate: BY_HOUSEHOLD, // residentId in the body
  readings: BY_HOUSEHOLD,
  roundsList: NO_ID,
  roundCreate: BY_ID, // communityId in the body
  round: BY_ID,
  order: BY_HOUSEHOLD, // householdId in the body
  deliveries: BY_ID,
  deliveriesPdf: BY_ID,
  orderDelivered: BY_HOUSEHOLD, // the order's household
  orderCollected: BY_HOUSEHOLD,
  reconciliation: BY_ID,
  value: BY_ID, // communityId in the query
  valueSummary: BY_ID,
} satisfies Record<string, Relation[]>;
type Endpoint = keyof typeof ENDPOINTS;

/**
 * `shown`: 200 (a list: with the caller's record and without the other community's); `hidden`: 404
 * with exactly {code, message}; `forbidden`: 403 auth.forbidden; `notVolunteer`: 409
 * service.not_a_volunteer — the me/* answer to staff, whose accounts cannot be volunteer records.
 */
type Expected = 'shown' | 'hidden' | 'forbidden' | 'notVolunteer';
type Row = Record<Relation, Expected>;
type Table = Record<Endpoint, Row>;

const ALL_RELATIONS: Relation[] = ['own', 'otherVolunteer', 'sibling', 'otherCommunity', 'nonexistent'];
function row(outcomes: Partial<Row>, rest: Expected): Row {
  return Object.fromEntries(ALL_RELATIONS.map((r) => [r, outcomes[r] ?? rest])) as Row;
}
const NONE = row({}, 'forbidden');
const OWN_ONLY = row({ own: 'shown' }, 'hidden');
/** Staff act for any volunteer of their station. */
const ANY_VOLUNTEER = row({ own: 'shown', otherVolunteer: 'shown' }, 'hidden');
/**
 * A volunteer signs up and checks in only as themselves: any other volunteer id is outside their
 * scope, the same 404 for one that exists and one that does not, so the refusal tells nothing.
 */
const ONLY_THEMSELVES = row({ own: 'shown' }, 'hidden');
const NOT_A_VOLUNTEER = row({}, 'notVolunteer');

/** Forbidden everywhere but at the endpoints named. */
function only(allowed: Partial<Table>): Table {
  return Object.fromEntries(
    (Object.keys(ENDPOINTS) as Endpoint[]).map((e) => [e, allowed[e] ?? NONE]),
  ) as Table;
}

/** Workers and the committee run their community's station: everything there, nothing elsewhere. */
const STAFF: Table = {
  ...(Object.fromEntries((Object.keys(ENDPOINTS) as Endpoint[]).map((e) => [e, OWN_ONLY])) as Table),
  signup: ANY_VOLUNTEER,
  seriesVolunteer: ANY_VOLUNTEER,
  checkin: ANY_VOLUNTEER,
  hours: ANY_VOLUNTEER,
  certificate: ANY_VOLUNTEER,
  mySessions: NOT_A_VOLUNTEER,
  myHours: NOT_A_VOLUNTEER,
};
/** The chain reads sessions and rounds, books and orders for the households of their own line. */
const CHAIN: Table = only({
  servicesList: OWN_ONLY,
  sessionsList: OWN_ONLY,
  session: OWN_ONLY,
  booking: OWN_ONLY,
  bookingCancel: OWN_ONLY,
  seriesList: OWN_ONLY,
  series: OWN_ONLY,
  seriesEnrolment: OWN_ONLY,
  roundsList: OWN_ONLY,
  round: OWN_ONLY,
  order: OWN_ONLY,
  deliveries: OWN_ONLY,
  deliveriesPdf: OWN_ONLY,
  orderDelivered: OWN_ONLY,
});

const EXPECTATIONS: Record<Role, Table> = {
  admin: only({}),
  subdistrict: only({ value: OWN_ONLY, valueSummary: OWN_ONLY }),
  worker: STAFF,
  committee: STAFF,
  branch: CHAIN,
  group_leader: CHAIN,
  party_member: CHAIN,
  building_leader: CHAIN,
  volunteer: only({
    servicesList: OWN_ONLY,
    sessionsList: OWN_ONLY,
    session: OWN_ONLY,
    signup: ONLY_THEMSELVES,
    seriesList: OWN_ONLY,
    series: OWN_ONLY,
    seriesVolunteer: ONLY_THEMSELVES,
    checkin: ONLY_THEMSELVES,
    checkout: OWN_ONLY,
    mySessions: OWN_ONLY,
    hours: OWN_ONLY,
    myHours: OWN_ONLY,
    certificate: OWN_ONLY,
    roundsList: OWN_ONLY,
    round: OWN_ONLY,
  }),
};

const BASE = '/api/v1/service';
const TOMORROW = { startsAt: '2026-11-30T06:00:00Z', endsAt: '2026-11-30T08:00:00Z' };
/** Under way at the test clock's 02:00Z, so check-in is open. */
const UNDER_WAY = { startsAt: '2026-11-29T01:30:00Z', endsAt: '2026-11-29T05:00:00Z' };
const ENDED = { startsAt: '2026-11-28T02:00:00Z', endsAt: '2026-11-28T04:00:00Z' };
/** A weekly series (issue 20) from the test clock's day: its Tuesdays two weeks ahead. */
const SERIES = {
  rule: 'weekly',
  weekday: 2,
  startTime: '09:00',
  minutes: 120,
  place: { kind: 'station' },
  capacity: 10,
  volunteersNeeded: 2,
  startsOn: '2026-11-29',
  weeksAhead: 2,
};
const ROUND = {
  title: '团购',
  supplier: '超市',
  closesOn: '2026-12-05',
  items: [{ name: '米', unit: '袋', marketFen: 6000, groupFen: 4500 }],
};

/** A resident and their household, with the community both are in. */
interface Person {
  residentId: string;
  householdId: string;
  communityId: string;
}
type Pair = { own: string; otherCommunity: string };

/** What the caller got, checking the answer's shape on the way; `shown` only when `fits` the body. */
function judge(res: LightMyRequestResponse, fits: (body: never) => boolean = () => true): string {
  const json = () => res.json() as { error?: { code?: string } };
  if (res.statusCode === 403) {
    const code = json().error?.code;
    return code === 'auth.forbidden' ? 'forbidden' : `403 ${code}`;
  }
  if (res.statusCode === 404) {
    // Exactly the answer a missing record gets: nothing tells "exists but not yours" apart.
    const error = json().error ?? {};
    const keys = Object.keys(error).sort().join(',');
    return keys === 'code,message' && /not_found$/.test(error.code ?? '') ? 'hidden' : `404 ${res.body}`;
  }
  if (res.statusCode === 409 && json().error?.code === 'service.not_a_volunteer') return 'notVolunteer';
  if (res.statusCode !== 200) return `unexpected ${res.statusCode} ${res.body.slice(0, 160)}`;
  const type = String(res.headers['content-type']);
  const body = type.startsWith('application/json') ? res.json() : res;
  return fits(body as never) ? 'shown' : `200 but ${res.body.slice(0, 160)}`;
}

/** A list fits when it has the caller's record and not the other community's. */
const lists = (ids: readonly string[], pair: Pair) =>
  ids.includes(pair.own) && !ids.includes(pair.otherCommunity);
const isPdf = (res: LightMyRequestResponse) => res.headers['content-type'] === 'application/pdf';

describe.each(DIALECTS)('service station scope on %s: role × endpoint × relation', (dialect) => {
  let t: TestApp;
  const sessions = new Map<Role, SignedIn>();
  let worker: SignedIn;
  let c1 = '';
  let c2 = '';
  /** The worker of each community, who makes its fixtures. */
  const workerOf = new Map<string, SignedIn>();
  /** A session for tomorrow in each community: bookings and readings are taken on it. */
  const sessionIn = new Map<string, string>();
  const ids = {} as Record<
    'service' | 'session' | 'round' | 'volunteer' | 'community' | 'ended' | 'hoursEntry' | 'series',
    Pair
  >;
  let ownVolunteerOfVolunteer = '';
  /** A session under way in the first community, where check-ins are probed. */
  let underWay = { id: '', code: '' };
  /** One under way in the far community with its volunteer checked in, for check-out. */
  let farUnderWay = { id: '', code: '', volunteerId: '' };
  const people = new Map<Role, { own: Person; sibling: Person }>();
  let farPerson: Person;
  /** A round per role, so each role's order is that household's first. */
  const roundOf = new Map<Role, { id: string; itemId: string }>();
  let seq = 0;

  const ok = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const newSession = async (communityId: string, when: { startsAt: string; endsAt: string }) => {
    const as = workerOf.get(communityId) as SignedIn;
    const serviceId = ok(await as.get(`${BASE}/services`)).items[0].id;
    return ok(
      await as.post(`${BASE}/sessions`, {
        serviceId,
        ...when,
        place: { kind: 'station' },
        capacity: 100,
        volunteersNeeded: 1,
      }),
    ).id as string;
  };
  /** A fresh series of the community: enrolling or joining the same one twice is refused. */
  const newSeries = async (communityId: string) => {
    const as = workerOf.get(communityId) as SignedIn;
    const serviceId = ok(await as.get(`${BASE}/services`)).items[0].id;
    return ok(await as.post(`${BASE}/series`, { ...SERIES, serviceId })).id as string;
  };
  const codeOf = async (sessionId: string) =>
    checkinCode(
      await t.database.db
        .selectFrom('service_session')
        .select(['id', 'qr_secret'])
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow(),
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    [c1, c2] = t.seed.communityIds as [string, string];
    const far = t.farCommunityId;
    worker = await signIn(t.app, 'worker');
    const farWorker = await signIn(t.app, 'far.worker');
    workerOf
      .set(c1, worker)
      .set(c2, await signIn(t.app, 'c2.worker'))
      .set(far, farWorker);
    const station = async (communityId: string) => {
      const as = workerOf.get(communityId) as SignedIn;
      const service = ok(await as.get(`${BASE}/services`)).items[0].id as string;
      const session = await newSession(communityId, TOMORROW);
      const round = ok(await as.post(`${BASE}/rounds`, ROUND)).id as string;
      const volunteer = ok(await as.post(`${BASE}/volunteers`, { name: '志愿者' })).id as string;
      sessionIn.set(communityId, session);
      return { service, session, round, volunteer, ended: await newSession(communityId, ENDED) };
    };
    const own = await station(c1);
    await station(c2);
    const other = await station(far);
    for (const key of ['service', 'session', 'round', 'volunteer', 'ended'] as const)
      ids[key] = { own: own[key], otherCommunity: other[key] };
    ids.community = { own: c1, otherCommunity: far };
    ids.series = { own: await newSeries(c1), otherCommunity: await newSeries(far) };
    const volunteerUser = t.seed.users.find((u) => u.username === 'volunteer');
    ownVolunteerOfVolunteer = ok(
      await worker.post(`${BASE}/volunteers`, { name: '刘师傅', userId: volunteerUser?.id }),
    ).id;

    // Sessions under way; one check-in and check-out each leaves an hours entry to correct.
    const hoursEntry = async (communityId: string, volunteerId: string) => {
      const as = workerOf.get(communityId) as SignedIn;
      const id = await newSession(communityId, UNDER_WAY);
      ok(await as.post(`${BASE}/sessions/${id}/checkin`, { volunteerId }));
      ok(await as.post(`${BASE}/sessions/${id}/checkout`, { volunteerId }));
      return ok(await as.get(`${BASE}/volunteers/${volunteerId}/hours`)).entries[0].id as string;
    };
    ids.hoursEntry = {
      own: await hoursEntry(c1, ids.volunteer.own),
      otherCommunity: await hoursEntry(far, ids.volunteer.otherCommunity),
    };
    const ownUnderWay = await newSession(c1, UNDER_WAY);
    underWay = { id: ownUnderWay, code: await codeOf(ownUnderWay) };
    const farId = await newSession(far, UNDER_WAY);
    ok(
      await farWorker.post(`${BASE}/sessions/${farId}/checkin`, {
        volunteerId: ids.volunteer.otherCommunity,
      }),
    );
    farUnderWay = { id: farId, code: await codeOf(farId), volunteerId: ids.volunteer.otherCommunity };

    // Residents: each role's own (in its scope) and sibling (in its community, outside its line).
    const residents: Person[] = await db
      .selectFrom('resident')
      .innerJoin('household', 'household.id', 'resident.household_id')
      .select([
        'resident.id as residentId',
        'household.id as householdId',
        'household.community_id as communityId',
      ])
      .where('resident.moved_out_at', 'is', null)
      .where('household.moved_out_at', 'is', null)
      .orderBy('resident.id')
      .execute();
    const firstIn = (communityId: string, also: (p: Person) => boolean = () => true) =>
      residents.find((p) => p.communityId === communityId && also(p)) as Person;
    farPerson = firstIn(far);
    // The far community's resident has a consent in force, so only the scope can refuse its withdrawal.
    ok(
      await farWorker.post(`${BASE}/residents/${farPerson.residentId}/consent`, {
        date: '2026-11-29',
        witness: '远社工',
      }),
    );
    for (const [role, username] of Object.entries(ACCOUNTS) as [Role, string][]) {
      sessions.set(role, await signIn(t.app, username));
      const userId = t.seed.users.find((u) => u.username === username)?.id as string;
      const user = await findUserById(db, userId);
      if (!user) throw new Error(`no seeded ${username}`);
      const scope = await computeScope(db, user, localDate(t.clock()));
      const inLine = (p: Person) => scope.householdIds?.has(p.householdId) ?? true;
      const sibling = isChainRole(role)
        ? residents.find((p) => p.communityId === c1 && !inLine(p))
        : undefined;
      people.set(role, {
        own: isChainRole(role) ? firstIn(c1, inLine) : firstIn(c1),
        sibling: sibling ?? firstIn(c2),
      });
      const round = ok(await worker.post(`${BASE}/rounds`, { ...ROUND, title: `团购 ${role}` }));
      roundOf.set(role, { id: round.id, itemId: round.items[0].id });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const personFor = (role: Role, relation: Relation): Person => {
    const mine = people.get(role) as { own: Person; sibling: Person };
    if (relation === 'own') return mine.own;
    if (relation === 'sibling') return mine.sibling;
    if (relation === 'otherCommunity') return farPerson;
    return { residentId: randomUUID(), householdId: randomUUID(), communityId: c1 };
  };
  const idOf = (pair: Pair, relation: Relation) =>
    relation === 'own' ? pair.own : relation === 'otherCommunity' ? pair.otherCommunity : randomUUID();
  /** The volunteer record a relation names: a volunteer's own is the one linked to their account. */
  const volunteerFor = (role: Role, relation: Relation) => {
    const [mine, someoneElse] =
      role === 'volunteer'
        ? [ownVolunteerOfVolunteer, ids.volunteer.own]
        : [ids.volunteer.own, ownVolunteerOfVolunteer];
    if (relation === 'own') return mine;
    if (relation === 'otherVolunteer') return someoneElse;
    return idOf(ids.volunteer, relation);
  };

  /** A fresh booking of the person, made by their community's worker on its session. */
  const book = async (p: Person) => {
    const sessionId = sessionIn.get(p.communityId) as string;
    ok(
      await (workerOf.get(p.communityId) as SignedIn).post(`${BASE}/sessions/${sessionId}/bookings`, {
        residentId: p.residentId,
      }),
    );
    return (await activeBooking(sessionId, p.residentId))?.id as string;
  };
  const activeBooking = (sessionId: string, residentId: string) =>
    t.database.db
      .selectFrom('service_booking')
      .select(['id', 'community_id'])
      .where('session_id', '=', sessionId)
      .where('resident_id', '=', residentId)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
  /** Cancels what a case left booked, so the next case may book the same resident. */
  const unbook = async (sessionId: string, residentId: string) => {
    const left = await activeBooking(sessionId, residentId);
    if (left)
      ok(await (workerOf.get(left.community_id) as SignedIn).post(`${BASE}/bookings/${left.id}/cancel`));
  };
  /** A fresh order for the person's household, in a fresh round of their community. */
  const order = async (p: Person) => {
    const as = workerOf.get(p.communityId) as SignedIn;
    const round = ok(await as.post(`${BASE}/rounds`, ROUND));
    return ok(
      await as.post(`${BASE}/rounds/${round.id}/orders`, {
        householdId: p.householdId,
        lines: [{ itemId: round.items[0].id, quantity: 1 }],
      }),
    ).id as string;
  };
  /** Brings the person's consent to the state a case starts from. */
  const consentInForce = async (p: Person, inForce: boolean) => {
    const as = workerOf.get(p.communityId) as SignedIn;
    const url = `${BASE}/residents/${p.residentId}/consent`;
    if (ok(await as.get(url)).inForce === inForce) return;
    ok(
      await (inForce
        ? as.post(url, { date: '2026-11-29', witness: '李社工' })
        : as.post(`${url}/withdraw`, {})),
    );
  };

  /** Calls one endpoint about the record the relation names, and says what the caller got. */
  const probe = async (role: Role, endpoint: Endpoint, relation: Relation): Promise<string> => {
    const as = sessions.get(role) as SignedIn;
    const p = personFor(role, relation);
    const fixture = relation !== 'nonexistent';
    switch (endpoint) {
      case 'servicesList':
        return judge(await as.get(`${BASE}/services`), (b: { items: { id: string }[] }) =>
          lists(
            b.items.map((s) => s.id),
            ids.service,
          ),
        );
      case 'serviceCreate':
        return judge(
          await as.post(`${BASE}/services`, {
            communityId: idOf(ids.community, relation),
            code: `probe_${++seq}`,
            nameZh: '测试',
            nameEn: 'Probe',
            unit: 'visit',
            value: { validFrom: '2026-01-01', valueFen: 100 },
          }),
          (b: { communityId: string }) => b.communityId === c1,
        );
      case 'serviceValue':
        return judge(
          await as.post(`${BASE}/services/${idOf(ids.service, relation)}/values`, {
            validFrom: '2027-01-01',
            valueFen: 2000,
          }),
        );
      case 'sessionsList':
        return judge(await as.get(`${BASE}/sessions`), (b: { items: { id: string }[] }) =>
          lists(
            b.items.map((s) => s.id),
            ids.session,
          ),
        );
      case 'sessionCreate':
        return judge(
          await as.post(`${BASE}/sessions`, {
            serviceId: idOf(ids.service, relation),
            ...TOMORROW,
            place: { kind: 'station' },
            capacity: 10,
            volunteersNeeded: 0,
          }),
          (b: { communityId: string }) => b.communityId === c1,
        );
      case 'session': {
        const id = idOf(ids.session, relation);
        return judge(await as.get(`${BASE}/sessions/${id}`), (b: { id: string }) => b.id === id);
      }
      case 'booking': {
        const res = await as.post(`${BASE}/sessions/${ids.session.own}/bookings`, {
          residentId: p.residentId,
        });
        await unbook(ids.session.own, p.residentId);
        return judge(res, (b: { bookings: { resident: { residentId: string } }[] }) =>
          b.bookings.some((x) => x.resident.residentId === p.residentId),
        );
      }
      case 'bookingCancel':
      case 'bookingAttendance': {
        const id = fixture ? await book(p) : randomUUID();
        const res =
          endpoint === 'bookingCancel'
            ? await as.post(`${BASE}/bookings/${id}/cancel`)
            : await as.post(`${BASE}/bookings/${id}/attendance`, { served: true });
        if (fixture) await unbook(sessionIn.get(p.communityId) as string, p.residentId);
        return judge(res);
      }
      case 'volunteersList':
        return judge(await as.get(`${BASE}/volunteers`), (b: { items: { id: string }[] }) =>
          lists(
            b.items.map((v) => v.id),
            ids.volunteer,
          ),
        );
      case 'volunteerCreate':
        return judge(
          await as.post(`${BASE}/volunteers`, {
            communityId: idOf(ids.community, relation),
            name: '新志愿者',
          }),
          (b: { communityId: string }) => b.communityId === c1,
        );
      case 'signup': {
        // A fresh session each time: signing the same volunteer up twice is refused.
        const sessionId = await newSession(c1, TOMORROW);
        const volunteerId = volunteerFor(role, relation);
        return judge(
          await as.post(`${BASE}/sessions/${sessionId}/signups`, { volunteerId }),
          (b: { signedUp: number }) => b.signedUp === 1,
        );
      }
      case 'seriesCreate':
        return judge(
          await as.post(`${BASE}/series`, { ...SERIES, serviceId: idOf(ids.service, relation) }),
          (b: { serviceId: string; sessions: unknown[] }) =>
            b.serviceId === ids.service.own && b.sessions.length > 0,
        );
      case 'seriesList':
        return judge(await as.get(`${BASE}/series`), (b: { series: { id: string }[] }) =>
          lists(
            b.series.map((s) => s.id),
            ids.series,
          ),
        );
      case 'series': {
        const id = idOf(ids.series, relation);
        return judge(await as.get(`${BASE}/series/${id}`), (b: { id: string }) => b.id === id);
      }
      case 'seriesGenerate': {
        const id = idOf(ids.series, relation);
        return judge(await as.post(`${BASE}/series/${id}/generate`), (b: { id: string }) => b.id === id);
      }
      case 'seriesEnrolment': {
        // A fresh series when it may be taken: enrolling the same resident twice is refused.
        const seriesId = relation === 'own' ? await newSeries(c1) : ids.series.own;
        return judge(
          await as.post(`${BASE}/series/${seriesId}/enrolments`, { residentId: p.residentId }),
          (b: { id: string; enrolled: number }) => b.id === seriesId && b.enrolled === 1,
        );
      }
      case 'seriesVolunteer': {
        // The same, for joining: staff may sign up the station's other volunteer too.
        const fresh = relation === 'own' || relation === 'otherVolunteer';
        const seriesId = fresh ? await newSeries(c1) : ids.series.own;
        return judge(
          await as.post(`${BASE}/series/${seriesId}/volunteers`, {
            volunteerId: volunteerFor(role, relation),
          }),
          (b: { id: string; volunteers: number }) => b.id === seriesId && b.volunteers === 1,
        );
      }
      case 'sessionCancel': {
        // A fresh session of the caller's: a cancelled one cannot be cancelled again.
        const id = relation === 'own' ? await newSession(c1, TOMORROW) : idOf(ids.session, relation);
        return judge(
          await as.post(`${BASE}/sessions/${id}/cancel`, { reason: '停水' }),
          (b: { session: { id: string; cancelledAt: string | null } }) =>
            b.session.id === id && b.session.cancelledAt !== null,
        );
      }
      case 'sessionMove': {
        const id = relation === 'own' ? await newSession(c1, TOMORROW) : idOf(ids.session, relation);
        return judge(
          await as.post(`${BASE}/sessions/${id}/move`, {
            startsAt: '2026-12-01T06:00:00Z',
            endsAt: '2026-12-01T08:00:00Z',
            reason: '改到周二',
          }),
          (b: { session: { id: string; movedFrom: string | null } }) =>
            b.session.id === id && b.session.movedFrom === TOMORROW.startsAt.replace('Z', '.000Z'),
        );
      }
      case 'checkinQr': {
        const res = await as.get(`${BASE}/sessions/${idOf(ids.session, relation)}/checkin-qr.svg`);
        return judge(res, () => String(res.headers['content-type']).startsWith('image/svg+xml'));
      }
      case 'checkin': {
        // Checking in again is harmless, so every case shares the session under way.
        const volunteerId = volunteerFor(role, relation);
        return judge(
          await as.post(`${BASE}/sessions/${underWay.id}/checkin`, {
            volunteerId,
            ...(role === 'volunteer' ? { code: underWay.code } : {}),
          }),
          (b: { signups: { volunteerId: string; checkedInAt: string | null }[] }) =>
            b.signups.some((s) => s.volunteerId === volunteerId && s.checkedInAt),
        );
      }
      case 'checkout': {
        let target: { id: string; code: string; volunteerId: string } = {
          id: randomUUID(),
          code: 'x'.repeat(22),
          volunteerId: ids.volunteer.own,
        };
        if (relation === 'otherCommunity') target = farUnderWay;
        if (relation === 'own') {
          const id = await newSession(c1, UNDER_WAY);
          const volunteerId = volunteerFor(role, 'own');
          ok(await worker.post(`${BASE}/sessions/${id}/checkin`, { volunteerId }));
          target = { id, code: await codeOf(id), volunteerId };
        }
        return judge(
          await as.post(
            `${BASE}/sessions/${target.id}/checkout`,
            role === 'volunteer' ? { code: target.code } : { volunteerId: target.volunteerId },
          ),
          (b: { signups: { checkedOutAt: string | null }[] }) => b.signups.some((s) => s.checkedOutAt),
        );
      }
      case 'noShows':
        return judge(await as.post(`${BASE}/sessions/${idOf(ids.ended, relation)}/no-shows`));
      case 'remindersTomorrow':
        return judge(
          await as.get(`${BASE}/reminders/tomorrow`),
          (b: { items: { session: { id: string } }[] }) =>
            lists(
              b.items.map((i) => i.session.id),
              ids.session,
            ),
        );
      case 'shortOfVolunteers':
        return judge(await as.get(`${BASE}/reports/short-of-volunteers`), (b: { items: { id: string }[] }) =>
          lists(
            b.items.map((s) => s.id),
            ids.session,
          ),
        );
      case 'mySessions':
        return judge(
          await as.get(`${BASE}/me/sessions`),
          (b: { mine: { id: string }[]; open: { id: string }[] }) =>
            lists(
              [...b.mine, ...b.open].map((s) => s.id),
              ids.session,
            ),
        );
      case 'hours': {
        const id = volunteerFor(role, relation);
        return judge(
          await as.get(`${BASE}/volunteers/${id}/hours`),
          (b: { volunteer: { id: string } }) => b.volunteer.id === id,
        );
      }
      case 'myHours':
        return judge(
          await as.get(`${BASE}/me/hours`),
          (b: { volunteer: { id: string } }) => b.volunteer.id === ownVolunteerOfVolunteer,
        );
      case 'certificate':
        return judge(
          await as.get(`${BASE}/volunteers/${volunteerFor(role, relation)}/hours/certificate.pdf?year=2026`),
          isPdf,
        );
      case 'hoursCorrection': {
        const id = idOf(ids.hoursEntry, relation);
        // Each correction asks for different minutes: asking for the current ones is refused.
        return judge(
          await as.post(`${BASE}/hours/${id}/corrections`, { minutes: 10 + ++seq, reason: '补录' }),
          (b: { entries: { correctsId: string | null }[] }) => b.entries.some((e) => e.correctsId === id),
        );
      }
      case 'consent':
        return judge(
          await as.get(`${BASE}/residents/${p.residentId}/consent`),
          (b: { inForce: boolean }) => typeof b.inForce === 'boolean',
        );
      case 'consentGive':
        if (relation === 'own') await consentInForce(p, false);
        return judge(
          await as.post(`${BASE}/residents/${p.residentId}/consent`, {
            date: '2026-11-29',
            witness: '李社工',
          }),
          (b: { residentId: string; withdrawnOn: string | null }) =>
            b.residentId === p.residentId && b.withdrawnOn === null,
        );
      case 'consentWithdraw':
        // The resident's consent is in force, so only the scope can refuse.
        if (relation === 'own' || relation === 'sibling') await consentInForce(p, true);
        return judge(
          await as.post(`${BASE}/residents/${p.residentId}/consent/withdraw`, {}),
          (b: { withdrawnOn: string | null }) => b.withdrawnOn !== null,
        );
      case 'readingCreate':
        if (relation === 'own') await consentInForce(p, true);
        return judge(
          await as.post(`${BASE}/sessions/${ids.session.own}/readings`, {
            residentId: p.residentId,
            systolic: 120,
            diastolic: 80,
          }),
          (b: { residentId: string }) => b.residentId === p.residentId,
        );
      case 'readings':
        return judge(await as.get(`${BASE}/residents/${p.residentId}/readings`), (b: { items: unknown[] }) =>
          Array.isArray(b.items),
        );
      case 'roundsList':
        return judge(await as.get(`${BASE}/rounds`), (b: { items: { id: string }[] }) =>
          lists(
            b.items.map((r) => r.id),
            ids.round,
          ),
        );
      case 'roundCreate':
        return judge(
          await as.post(`${BASE}/rounds`, { ...ROUND, communityId: idOf(ids.community, relation) }),
          (b: { communityId: string }) => b.communityId === c1,
        );
      case 'round': {
        const id = idOf(ids.round, relation);
        return judge(await as.get(`${BASE}/rounds/${id}`), (b: { id: string }) => b.id === id);
      }
      case 'order': {
        const round = roundOf.get(role) as { id: string; itemId: string };
        return judge(
          await as.post(`${BASE}/rounds/${round.id}/orders`, {
            householdId: p.householdId,
            lines: [{ itemId: round.itemId, quantity: 1 }],
          }),
          (b: { householdId: string }) => b.householdId === p.householdId,
        );
      }
      case 'deliveries': {
        const id = idOf(ids.round, relation);
        return judge(
          await as.get(`${BASE}/rounds/${id}/deliveries`),
          (b: { round: { id: string } }) => b.round.id === id,
        );
      }
      case 'deliveriesPdf':
        return judge(await as.get(`${BASE}/rounds/${idOf(ids.round, relation)}/deliveries.pdf`), isPdf);
      case 'orderDelivered': {
        const id = fixture ? await order(p) : randomUUID();
        return judge(
          await as.post(`${BASE}/orders/${id}/delivered`, { receivedBy: '老伴儿' }),
          (b: { receivedBy: string | null }) => b.receivedBy === '老伴儿',
        );
      }
      case 'orderCollected': {
        const id = fixture ? await order(p) : randomUUID();
        return judge(
          await as.post(`${BASE}/orders/${id}/collected`, { collectedFen: 0, note: '送的，不收钱' }),
          (b: { collectedFen: number | null }) => b.collectedFen === 0,
        );
      }
      case 'reconciliation': {
        const id = idOf(ids.round, relation);
        return judge(
          await as.get(`${BASE}/rounds/${id}/reconciliation`),
          (b: { round: { id: string } }) => b.round.id === id,
        );
      }
      case 'value':
        return judge(
          await as.get(
            `${BASE}/value?communityId=${idOf(ids.community, relation)}&from=2026-11-01&to=2026-11-30`,
          ),
        );
      case 'valueSummary':
        return judge(
          await as.get(
            `${BASE}/value/summary.pdf?communityId=${idOf(ids.community, relation)}&month=2026-11`,
          ),
          isPdf,
        );
    }
  };

  for (const role of Object.keys(ACCOUNTS) as Role[]) {
    it(`${role}: every station endpoint answers as the table says`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const [endpoint, relations] of Object.entries(ENDPOINTS) as [Endpoint, Relation[]][]) {
        for (const relation of relations) {
          got.push(`${endpoint}/${relation}: ${await probe(role, endpoint, relation)}`);
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
        'service_series',
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
        'service_series',
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

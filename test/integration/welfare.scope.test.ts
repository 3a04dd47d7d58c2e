import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/roles';
import { ACCOUNTS, createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Every welfare endpoint not already in scope.test.ts, in its style: role × endpoint × relation.
 * own — a record of the first community (the caller's, for community accounts); sibling — a record of
 * the second community of the same subdistrict (made by the `c2.*` accounts); otherCommunity — a record
 * of a community in another subdistrict (the `far.*` accounts); nonexistent — an id nobody has.
 * Writes get a fresh record per (role, relation), so one role's success does not change what the next sees.
 */
type Relation = 'own' | 'sibling' | 'otherCommunity' | 'nonexistent';
/** The relations that are communities: where fixtures are made. */
type Place = Exclude<Relation, 'nonexistent'>;
const PLACES: Place[] = ['own', 'sibling', 'otherCommunity'];
const ALL: Relation[] = [...PLACES, 'nonexistent'];
/** Lists: is the record of each community listed? (An unknown id is never listed, so it is left out.) */
const LISTED: Relation[] = PLACES;
/** Not about a community's record: the policy itself (an unknown policy id is a 422 by design). */
const POLICY: Relation[] = ['own'];

const ENDPOINTS = {
  policies: POLICY,
  policy: POLICY,
  policyChanges: LISTED,
  changePropose: POLICY,
  changeDecision: ALL,
  changeEffect: ALL,
  decision: ALL,
  compare: ALL,
  lists: LISTED,
  holidayVisits: LISTED,
  applicationList: LISTED,
  applicationCreate: ALL,
  application: ALL,
  review: ALL,
  approve: ALL,
  reject: ALL,
  noticeCreate: ALL,
  noticeList: LISTED,
  notice: ALL,
  objectionCreate: ALL,
  objectionAnswer: ALL,
  publicNotice: ALL,
  rosterList: LISTED,
  rosterReview: ALL,
  grantCreate: ALL,
  grantPapers: ALL,
  grantList: LISTED,
  grantRequestList: LISTED,
  committeeDesk: LISTED,
  // The office's tables (issue 23): listed within scope; a notice or household named in a filter, 404 outside it.
  applicationTable: LISTED,
  applicationTableByNotice: ALL,
  decisionTable: LISTED,
  decisionTableByHousehold: ALL,
  grantTable: LISTED,
  noticeTable: LISTED,
} satisfies Record<string, Relation[]>;
type Endpoint = keyof typeof ENDPOINTS;
const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as Endpoint[];

/** `shown`: 2xx (for lists: listed); `hidden`: the not-found answer (for lists: not listed); `forbidden`: 403. */
type Expected = 'shown' | 'hidden' | 'forbidden';
type Row = Partial<Record<Relation, Expected>>;

const ROLES = Object.keys(ACCOUNTS) as Role[];
/** Who makes the fixtures of each community. */
const STAFF: Record<Place, { worker: string; committee: string }> = {
  own: { worker: 'worker', committee: 'committee' },
  sibling: { worker: 'c2.worker', committee: 'c2.committee' },
  otherCommunity: { worker: 'far.worker', committee: 'far.committee' },
};
/** Roles with the health class; no one else may learn a household's disability. */
const SEES_HEALTH: Role[] = ['worker', 'committee'];
/** What gives the disability away: the fact's key, or its label in either language. */
const HEALTH_WORDS = /severeDisability|重度残疾|severe disability/i;
/** The policies are public text that names the condition itself; they say nothing about a household. */
const PUBLIC_TEXT: Endpoint[] = ['policies', 'policy', 'policyChanges'];

const row = (outcomes: Row, rest: Expected): Row =>
  Object.fromEntries(ALL.map((r) => [r, outcomes[r] ?? rest])) as Row;
const NONE = row({}, 'forbidden');
const OWN = row({ own: 'shown' }, 'hidden');
/** The subdistrict reads both communities of its subdistrict. */
const SUBDISTRICT = row({ own: 'shown', sibling: 'shown' }, 'hidden');
/** The public notice page: any community's notice, to anyone. */
const ANYONE = row({ own: 'shown', sibling: 'shown', otherCommunity: 'shown' }, 'hidden');
const SHOWN = row({}, 'shown');
/** Listed nowhere: the policy view of an account with no single community carries no changes. */
const NOT_LISTED = row({}, 'hidden');

const none = () => Object.fromEntries(ENDPOINT_NAMES.map((e) => [e, NONE])) as Record<Endpoint, Row>;
/** Roles with no welfare records: the policies (public text) and the public page, nothing else. */
const policiesOnly = (changes: Row): Record<Endpoint, Row> => ({
  ...none(),
  policies: SHOWN,
  policy: SHOWN,
  policyChanges: changes,
  publicNotice: ANYONE,
});
const staff = (review: Row): Record<Endpoint, Row> => ({
  ...(Object.fromEntries(ENDPOINT_NAMES.map((e) => [e, OWN])) as Record<Endpoint, Row>),
  policies: SHOWN,
  policy: SHOWN,
  changePropose: SHOWN,
  publicNotice: ANYONE,
  review,
  approve: review,
  reject: review,
});

const EXPECTATIONS: Record<Role, Record<Endpoint, Row>> = {
  admin: { ...none(), publicNotice: ANYONE },
  volunteer: policiesOnly(NOT_LISTED),
  subdistrict: {
    ...none(),
    policies: SHOWN,
    policy: SHOWN,
    // Two communities in scope: the policy shows the file's values, no community's changes.
    policyChanges: NOT_LISTED,
    changeEffect: SUBDISTRICT,
    decision: SUBDISTRICT,
    lists: SUBDISTRICT,
    holidayVisits: SUBDISTRICT,
    applicationList: SUBDISTRICT,
    application: SUBDISTRICT,
    noticeList: SUBDISTRICT,
    notice: SUBDISTRICT,
    publicNotice: ANYONE,
    rosterList: SUBDISTRICT,
    grantList: SUBDISTRICT,
    // Issue 20: the subdistrict grants for households of its communities, and reads what waits.
    grantCreate: SUBDISTRICT,
    grantRequestList: SUBDISTRICT,
    committeeDesk: SUBDISTRICT,
    applicationTable: SUBDISTRICT,
    applicationTableByNotice: SUBDISTRICT,
    decisionTable: SUBDISTRICT,
    decisionTableByHousehold: SUBDISTRICT,
    grantTable: SUBDISTRICT,
    noticeTable: SUBDISTRICT,
  },
  worker: staff(NONE),
  committee: staff(OWN),
  // The chain's accounts belong to the first community, so its policy view carries that community's changes.
  branch: policiesOnly(OWN),
  group_leader: policiesOnly(OWN),
  party_member: policiesOnly(OWN),
  building_leader: policiesOnly(OWN),
};

/** Facts of a two-person household well under the dibao standard, with a severely disabled member. */
const POOR = {
  members: 2,
  monthlyIncome: 1537.5,
  deposits: 8000,
  securities: 0,
  vehicles: 0,
  homes: 1,
  floorArea: 48,
  localHukou: true,
  severeDisability: true,
};
const DOCUMENTS = [{ key: 'hukou', label: '户口本 household register', received: true }];
const DAY_MINUTES = 24 * 60;

interface Probe {
  res: LightMyRequestResponse;
  /** How this endpoint answers a record that does not exist — and so one out of scope. */
  notFound?: { status: number; code: string };
  /** For lists: whether the relation's record is in the answer. */
  listed?: (body: never) => boolean;
}

/** The outcome, or what was wrong with it, as one string per cell so a failure shows the whole row. */
function outcome(probe: Probe): string {
  const { res, notFound } = probe;
  const error = res.statusCode >= 400 ? (res.json().error ?? {}) : {};
  if (res.statusCode === 403) return error.code === 'auth.forbidden' ? 'forbidden' : `403 ${error.code}`;
  if (notFound && res.statusCode === notFound.status) {
    if (error.code !== notFound.code) return `${res.statusCode} ${error.code}`;
    // A 404 tells nothing apart: exactly the code and the message.
    const keys = Object.keys(error).sort().join(',');
    if (res.statusCode === 404 && keys !== 'code,message') return `404 with ${keys}`;
    return 'hidden';
  }
  if (res.statusCode >= 200 && res.statusCode < 300) {
    if (!probe.listed) return 'shown';
    return probe.listed(res.json() as never) ? 'shown' : 'hidden';
  }
  return `unexpected ${res.statusCode} ${error.code ?? ''}`.trim();
}

type PerCase<T> = Record<Role, Record<Place, T>>;

describe.each(DIALECTS)('welfare scope on %s: role × endpoint × relation', (dialect) => {
  let t: TestApp;
  const sessions = new Map<Role, SignedIn>();
  const staffSessions = new Map<string, SignedIn>();
  const as = (username: string) => staffSessions.get(username) as SignedIn;

  /** Per community: a household with facts (lists, decisions) and one with applications and grants. */
  const withFacts = {} as Record<Place, string>;
  const requestOf = {} as Record<Place, string>;
  const applicant = {} as Record<Place, { householdId: string; applicantResidentId: string }>;
  const decisionOf = {} as Record<Place, string>;
  const applicationOf = {} as Record<Place, string>;
  const noticeOf = {} as Record<Place, string>;
  const rosterOf = {} as Record<Place, string>;
  const grantOf = {} as Record<Place, string>;
  const changeOf = {} as Record<Place, string>;
  const toReview = {} as PerCase<string>;
  const toReject = {} as PerCase<string>;
  const toPublish = {} as PerCase<string>;
  const toApprove = {} as PerCase<string>;
  const toReviewOnRoster = {} as PerCase<string>;
  const toAnswer = {} as PerCase<string>;
  const toComplete = {} as PerCase<string>;
  const toDecide = {} as PerCase<string>;

  const signInStaff = async () => {
    for (const { worker, committee } of Object.values(STAFF)) {
      staffSessions.set(worker, await signIn(t.app, worker));
      staffSessions.set(committee, await signIn(t.app, committee));
    }
  };
  const ok = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const file = async (place: Place) =>
    ok(
      await as(STAFF[place].worker).post('/api/v1/welfare/applications', {
        ...applicant[place],
        policyId: 'dibao',
        documents: DOCUMENTS,
      }),
    ).id as string;
  const reviewed = async (place: Place) => {
    const id = await file(place);
    ok(await as(STAFF[place].committee).post(`/api/v1/welfare/applications/${id}/review`, { approve: true }));
    return id;
  };
  const publish = async (place: Place, applicationIds: string[]) =>
    ok(
      await as(STAFF[place].worker).post('/api/v1/welfare/notices', {
        policyId: 'dibao',
        applicationIds,
        objectionContact: '社区办公室',
      }),
    ).id as string;
  const propose = async (username: string) =>
    ok(
      await as(username).post('/api/v1/welfare/policies/dibao/parameter-changes', {
        parameter: 'standard',
        from: '2027-07-01',
        value: 1470,
        reason: '标准调整（示例）',
      }),
    ).id as string;
  const grant = async (place: Place) =>
    ok(
      await as(STAFF[place].worker).post('/api/v1/welfare/emergency-grants', {
        householdId: applicant[place].householdId,
        hardship: 'accident',
        amountFen: 10_000,
        reason: '家中失火',
      }),
    ).id as string;
  /** Above the worker's limit: a request that waits for the committee and is put on its desk. */
  const request = async (place: Place) => {
    const res = await as(STAFF[place].worker).post('/api/v1/welfare/emergency-grants', {
      householdId: applicant[place].householdId,
      hardship: 'illness',
      amountFen: 400_000,
      reason: '重病住院',
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  };
  /** One fixture per role and community, made in that order. */
  const perCase = async (into: PerCase<string>, make: (place: Place, role: Role) => Promise<string>) => {
    for (const role of ROLES) {
      into[role] = {} as Record<Place, string>;
      for (const place of PLACES) into[role][place] = await make(place, role);
    }
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    const community: Record<Place, string> = {
      own: t.seed.communityIds[0] as string,
      sibling: t.seed.communityIds[1] as string,
      otherCommunity: t.farCommunityId,
    };
    for (const place of PLACES) {
      const residents = await db
        .selectFrom('resident')
        .select(['id', 'household_id'])
        .where('community_id', '=', community[place])
        .where('moved_out_at', 'is', null)
        .orderBy('household_id')
        .orderBy('id')
        .execute();
      const first = residents[0];
      const second = residents.find((r) => r.household_id !== first?.household_id);
      if (!first || !second) throw new Error('each community needs two households');
      applicant[place] = { householdId: first.household_id, applicantResidentId: first.id };
      withFacts[place] = second.household_id;
    }
    await signInStaff();

    for (const place of PLACES) {
      const worker = as(STAFF[place].worker);
      ok(await worker.post(`/api/v1/welfare/households/${withFacts[place]}/facts`, POOR));
      // Holiday visits reads the disability: its decision carries a health fact to withhold.
      decisionOf[place] = ok(
        await worker.post(`/api/v1/welfare/households/${withFacts[place]}/evaluations`, {
          policyId: 'holiday-visits',
        }),
      ).id;
      applicationOf[place] = await file(place);
      noticeOf[place] = await publish(place, [await reviewed(place)]);
    }
    await perCase(toReview, (place) => file(place));
    await perCase(toReject, (place) => file(place));
    await perCase(toPublish, (place) => reviewed(place));
    await perCase(toApprove, (place) => reviewed(place));
    // The roster is filled the way the app fills it: applications approved after their notice.
    const forRoster = {} as PerCase<string>;
    await perCase(forRoster, (place) => reviewed(place));
    const forRosterList = {} as Record<Place, string>;
    for (const place of PLACES) {
      forRosterList[place] = await reviewed(place);
      await publish(place, [
        ...ROLES.map((r) => toApprove[r][place]),
        ...ROLES.map((r) => forRoster[r][place]),
        forRosterList[place],
      ]);
    }
    // Past the 7 working days of the notice; sessions do not outlive the jump, so everyone signs in again.
    t.clock.advanceMinutes(10 * DAY_MINUTES);
    await signInStaff();
    for (const role of ROLES) sessions.set(role, await signIn(t.app, ACCOUNTS[role]));

    const approve = async (place: Place, id: string) => {
      ok(await as(STAFF[place].committee).post(`/api/v1/welfare/applications/${id}/approve`, {}));
      return (
        await db
          .selectFrom('welfare_roster')
          .select('id')
          .where('application_id', '=', id)
          .executeTakeFirstOrThrow()
      ).id;
    };
    await perCase(toReviewOnRoster, (place, role) => approve(place, forRoster[role][place]));
    for (const place of PLACES) rosterOf[place] = await approve(place, forRosterList[place]);

    await perCase(
      toAnswer,
      async (place) =>
        ok(
          await as(STAFF[place].worker).post(`/api/v1/welfare/notices/${noticeOf[place]}/objections`, {
            channel: 'phone',
            text: '听说他家有辆车',
          }),
        ).id,
    );
    for (const place of PLACES) grantOf[place] = await grant(place);
    for (const place of PLACES) requestOf[place] = await request(place);
    await perCase(toComplete, (place) => grant(place));
    for (const place of PLACES) changeOf[place] = await propose(STAFF[place].worker);
    // The proposer may not decide their own change: the worker decides one the committee proposed.
    await perCase(toDecide, (place, role) =>
      propose(place === 'own' && role === 'worker' ? STAFF.own.committee : STAFF[place].worker),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const call = async (role: Role, endpoint: Endpoint, relation: Relation): Promise<Probe> => {
    const s = sessions.get(role) as SignedIn;
    const place = relation === 'nonexistent' ? null : relation;
    const of = (records: Record<Place, string>) => (place ? records[place] : randomUUID());
    const fresh = (records: PerCase<string>) => (place ? records[role][place] : randomUUID());
    const has =
      <T>(items: (body: never) => T[], id: (item: T) => string, wanted: string) =>
      (body: never) =>
        items(body).some((item) => id(item) === wanted);
    const byId = (item: { id: string }) => item.id;
    const byHousehold = (item: { household: { householdId: string } }) => item.household.householdId;
    const notFound = (code: string) => ({ status: 404, code });
    const household = notFound('registry.household_not_found');
    switch (endpoint) {
      case 'policies':
        return {
          res: await s.get('/api/v1/welfare/policies'),
          listed: has((b: { policies: { id: string }[] }) => b.policies, byId, 'dibao'),
        };
      case 'policy':
        return { res: await s.get('/api/v1/welfare/policies/dibao') };
      case 'policyChanges':
        return {
          res: await s.get('/api/v1/welfare/policies/dibao'),
          listed: has((b: { changes: { id: string }[] }) => b.changes, byId, of(changeOf)),
        };
      case 'changePropose':
        return {
          res: await s.post('/api/v1/welfare/policies/dibao/parameter-changes', {
            parameter: 'standard',
            from: '2028-01-01',
            value: 1500,
            reason: '示例',
          }),
        };
      case 'changeDecision':
        // Rejected, so no decision made later in the table rests on it.
        return {
          res: await s.post(`/api/v1/welfare/parameter-changes/${fresh(toDecide)}/decision`, {
            approve: false,
          }),
          notFound: notFound('welfare.change_not_found'),
        };
      case 'changeEffect':
        return {
          res: await s.get(`/api/v1/welfare/parameter-changes/${of(changeOf)}/effect`),
          notFound: notFound('welfare.change_not_found'),
        };
      case 'decision':
        return {
          res: await s.get(`/api/v1/welfare/decisions/${of(decisionOf)}`),
          notFound: notFound('welfare.decision_not_found'),
        };
      case 'compare':
        // The neighbour is always one of the first community; the decision is what varies.
        return {
          res: await s.get(
            `/api/v1/welfare/decisions/${of(decisionOf)}/compare?neighbourHouseholdId=${withFacts.own}`,
          ),
          notFound: notFound('welfare.decision_not_found'),
        };
      case 'lists':
        return {
          res: await s.get('/api/v1/welfare/lists?policyId=dibao'),
          listed: has((b: { outreach: never[] }) => b.outreach, byHousehold, of(withFacts)),
        };
      case 'holidayVisits':
        return {
          res: await s.get('/api/v1/welfare/holiday-visits'),
          listed: has((b: { visits: never[] }) => b.visits, byHousehold, of(withFacts)),
        };
      case 'applicationList':
        return {
          res: await s.get('/api/v1/welfare/applications'),
          listed: has((b: { applications: { id: string }[] }) => b.applications, byId, of(applicationOf)),
        };
      case 'applicationCreate':
        return {
          res: await s.post('/api/v1/welfare/applications', {
            ...(place ? applicant[place] : { householdId: randomUUID(), applicantResidentId: randomUUID() }),
            policyId: 'dibao',
            documents: DOCUMENTS,
          }),
          notFound: household,
        };
      case 'application':
        return {
          res: await s.get(`/api/v1/welfare/applications/${of(applicationOf)}`),
          notFound: notFound('welfare.application_not_found'),
        };
      case 'review':
      case 'approve':
      case 'reject': {
        const records = { review: toReview, approve: toApprove, reject: toReject }[endpoint];
        return {
          res: await s.post(
            `/api/v1/welfare/applications/${fresh(records)}/${endpoint}`,
            endpoint === 'review' ? { approve: true } : {},
          ),
          notFound: notFound('welfare.application_not_found'),
        };
      }
      case 'noticeCreate':
        // An application out of scope is not found, exactly like an unknown one (issue 21).
        return {
          res: await s.post('/api/v1/welfare/notices', {
            policyId: 'dibao',
            applicationIds: [fresh(toPublish)],
            objectionContact: '社区办公室',
          }),
          notFound: notFound('welfare.application_not_found'),
        };
      case 'noticeList':
        return {
          res: await s.get('/api/v1/welfare/notices'),
          listed: has((b: { notices: { id: string }[] }) => b.notices, byId, of(noticeOf)),
        };
      case 'notice':
        return {
          res: await s.get(`/api/v1/welfare/notices/${of(noticeOf)}`),
          notFound: notFound('welfare.notice_not_found'),
        };
      case 'objectionCreate':
        return {
          res: await s.post(`/api/v1/welfare/notices/${of(noticeOf)}/objections`, {
            channel: 'desk',
            text: '公示张贴位置太偏',
          }),
          notFound: notFound('welfare.notice_not_found'),
        };
      case 'objectionAnswer':
        return {
          res: await s.post(`/api/v1/welfare/objections/${fresh(toAnswer)}/answer`, {
            answer: '经入户核实，车辆是送医用车。',
            upheld: false,
          }),
          notFound: notFound('welfare.objection_not_found'),
        };
      case 'publicNotice':
        return {
          res: await s.get(`/api/v1/public/welfare/notices/${of(noticeOf)}`),
          notFound: notFound('welfare.notice_not_found'),
        };
      case 'rosterList':
        return {
          res: await s.get('/api/v1/welfare/roster'),
          listed: has((b: { recipients: { id: string }[] }) => b.recipients, byId, of(rosterOf)),
        };
      case 'rosterReview':
        return {
          res: await s.post(`/api/v1/welfare/roster/${fresh(toReviewOnRoster)}/review`, {}),
          notFound: notFound('welfare.roster_entry_not_found'),
        };
      case 'grantCreate':
        return {
          res: await s.post('/api/v1/welfare/emergency-grants', {
            householdId: place ? applicant[place].householdId : randomUUID(),
            hardship: 'illness',
            amountFen: 5_000,
            reason: '住院',
          }),
          notFound: household,
        };
      case 'grantPapers':
        return {
          res: await s.post(`/api/v1/welfare/emergency-grants/${fresh(toComplete)}/papers`, {
            completedOn: '2026-12-09',
          }),
          notFound: notFound('welfare.grant_not_found'),
        };
      case 'grantList':
        return {
          res: await s.get('/api/v1/welfare/emergency-grants'),
          listed: has((b: { grants: { id: string }[] }) => b.grants, byId, of(grantOf)),
        };
      case 'grantRequestList':
        return {
          res: await s.get('/api/v1/welfare/emergency-grant-requests'),
          listed: has((b: { requests: { id: string }[] }) => b.requests, byId, of(requestOf)),
        };
      case 'applicationTable':
        return {
          res: await s.get('/api/v1/welfare/tables/applications?limit=500'),
          listed: has((b: { items: { id: string }[] }) => b.items, byId, of(applicationOf)),
        };
      case 'applicationTableByNotice':
        return {
          res: await s.get(`/api/v1/welfare/tables/applications?noticeId=${of(noticeOf)}`),
          notFound: notFound('welfare.notice_not_found'),
        };
      case 'decisionTable':
        return {
          res: await s.get('/api/v1/welfare/tables/decisions?limit=500'),
          listed: has((b: { items: { id: string }[] }) => b.items, byId, of(decisionOf)),
        };
      case 'decisionTableByHousehold':
        return {
          res: await s.get(`/api/v1/welfare/tables/decisions?householdId=${of(withFacts)}`),
          notFound: household,
        };
      case 'grantTable':
        return {
          res: await s.get('/api/v1/welfare/tables/grants?limit=500'),
          listed: has((b: { items: { id: string }[] }) => b.items, byId, of(grantOf)),
        };
      case 'noticeTable':
        return {
          res: await s.get('/api/v1/welfare/tables/notices?limit=500'),
          listed: has((b: { items: { id: string }[] }) => b.items, byId, of(noticeOf)),
        };
      case 'committeeDesk':
        return {
          res: await s.get('/api/v1/welfare/committee-desk'),
          listed: has(
            (b: { notes: { requestId: string | null }[] }) => b.notes,
            (n: { requestId: string | null }) => n.requestId ?? '',
            of(requestOf),
          ),
        };
    }
  };

  for (const role of ROLES) {
    it(`${role}: every welfare endpoint answers as the table says`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      const leaks: string[] = [];
      for (const endpoint of ENDPOINT_NAMES) {
        for (const relation of ENDPOINTS[endpoint]) {
          const probe = await call(role, endpoint, relation);
          got.push(`${endpoint}/${relation}: ${outcome(probe)}`);
          want.push(`${endpoint}/${relation}: ${EXPECTATIONS[role][endpoint][relation]}`);
          // Whatever a role without the health class is shown, the disability is not in it.
          const checked = !PUBLIC_TEXT.includes(endpoint);
          if (!SEES_HEALTH.includes(role) && checked && probe.res.statusCode < 300) {
            if (HEALTH_WORDS.test(probe.res.body)) leaks.push(`${endpoint}/${relation}`);
          }
        }
      }
      expect(got).toEqual(want);
      expect(leaks).toEqual([]);
    });
  }

  it('the public notice page needs no session: any community’s notice, the board’s content only', async () => {
    for (const place of PLACES) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/public/welfare/notices/${noticeOf[place]}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().id).toBe(noticeOf[place]);
      // Objections (with names and phones) are for staff only; no fact, health or otherwise.
      expect(res.json()).not.toHaveProperty('objections');
      expect(res.body).not.toMatch(HEALTH_WORDS);
      expect(res.body).not.toContain('1537.5');
    }
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/welfare/notices/${randomUUID()}`,
    });
    expect(unknown.statusCode).toBe(404);
    expect(Object.keys(unknown.json().error).sort()).toEqual(['code', 'message']);
    expect(unknown.json().error.code).toBe('welfare.notice_not_found');
  });

  it('every refusal out of scope is recorded in the audit trail, by kind of record', async () => {
    const kinds = [
      'household',
      'welfare_parameter_change',
      'welfare_decision',
      'welfare_application',
      'welfare_notice',
      'welfare_objection',
      'welfare_roster',
      'welfare_emergency_grant',
    ];
    const denied = await t.database.db
      .selectFrom('audit_event')
      .select('target_type')
      .where('action', '=', 'access.denied')
      .where('target_type', 'in', kinds)
      .execute();
    expect(new Set(denied.map((d) => d.target_type))).toEqual(new Set(kinds));
  });
});

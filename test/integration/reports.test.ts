import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { configFromEnv } from '../../src/server/config';
import { openDatabase } from '../../src/server/db/database';
import { escalateDue } from '../../src/server/reports/escalation';
import { type FeedBus, openFeedBus } from '../../src/server/reports/feed';
import { openFeed } from '../support/sse';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

describe.each(DIALECTS)('reports on %s', (dialect) => {
  let t: TestApp;
  let leader: SignedIn;
  let partyMember: SignedIn;
  let committee: SignedIn;
  let worker: SignedIn;
  let ownHousehold: string;
  let ownBuilding: string;

  let bus: FeedBus;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    bus = await openFeedBus(t.database);
  });
  // The tests move the clock by hours: sign in afresh each time, as people would.
  beforeEach(async () => {
    [leader, partyMember, committee, worker] = await Promise.all([
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'partymember'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'worker'),
    ]);
    ownHousehold = (await leader.get('/api/v1/households?limit=1')).json().items[0].id;
    ownBuilding = (await leader.get('/api/v1/buildings')).json().items[0].id;
  });
  afterAll(async () => {
    await bus.close();
    await t.close();
  });

  const report = (s: SignedIn, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    s.post(
      '/api/v1/reports',
      { householdId: ownHousehold, description: '楼道灯坏了，老人晚上看不见', ...body },
      headers,
    );

  it('gives each report to the lowest tier able to handle its category, and shows it up the chain', async () => {
    const repairs = await report(leader, { category: 'repairs', onBehalfOfName: '张奶奶' });
    expect(repairs.statusCode, repairs.body).toBe(200);
    expect(repairs.json()).toMatchObject({
      state: 'new',
      responsibleTier: 'building_leader',
      onBehalfOf: '张奶奶',
      emergency: false,
    });
    const dispute = (await report(leader, { category: 'neighbour_dispute' })).json();
    expect(dispute.responsibleTier).toBe('party_member');
    const welfare = (await report(leader, { category: 'welfare_policy' })).json();
    expect(welfare.responsibleTier).toBe('committee');
    for (const s of [partyMember, committee, worker]) {
      const ids = (await s.get('/api/v1/reports')).json().items.map((r: { id: string }) => r.id);
      expect(ids).toEqual(expect.arrayContaining([repairs.json().id, dispute.id, welfare.id]));
    }
    const other = await signIn(t.app, 'c2.committee');
    expect((await other.get(`/api/v1/reports/${dispute.id}`)).statusCode).toBe(404);
    const detail = (await committee.get(`/api/v1/reports/${dispute.id}`)).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    expect(detail.ackDueAt).not.toBeNull();
  });

  it('answers a new report with the summary every later read of it shows, in either language', async () => {
    const saved = [
      { lang: 'zh-CN', answer: await report(leader, { category: 'repairs', onBehalfOfName: '张奶奶' }) },
      {
        lang: 'en',
        answer: await report(worker, { category: 'neighbour_dispute' }, { 'accept-language': 'en' }),
      },
      {
        lang: 'zh-CN',
        answer: await committee.post('/api/v1/reports', {
          buildingId: ownBuilding,
          category: 'other',
          description: '单元门口的台阶松了',
        }),
      },
    ];
    for (const { lang, answer } of saved) {
      expect(answer.statusCode, answer.body).toBe(200);
      const posted = answer.json();
      expect(posted.place).not.toBe('');
      expect(posted.recordedBy).toBeTruthy();
      expect(posted.ackDueAt).toBeTruthy();
      const read = await committee.get(`/api/v1/reports/${posted.id}`, { 'accept-language': lang });
      expect(read.json()).toMatchObject(posted);
    }
    const repairs = saved[0]?.answer.json();
    expect(repairs.responsible).toMatchObject({ tier: 'building_leader', name: expect.any(String) });
    expect(repairs.place).toMatch(/^\S+-\S+-\S+$/);
  });

  it('shows open reports on the building picture and in the household’s timeline', async () => {
    const saved = (await report(leader, { category: 'repairs' })).json();
    const history = (await leader.get(`/api/v1/households/${ownHousehold}/history`)).json().items;
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'report.created',
          changes: [{ field: 'category', from: null, to: 'repairs' }],
        }),
      ]),
    );
    // The report's id means nothing to a reader of the history: it is not in it.
    expect(JSON.stringify(history)).not.toContain(saved.id);
    const household = (await leader.get(`/api/v1/households/${ownHousehold}`)).json();
    const building = (await leader.get('/api/v1/buildings'))
      .json()
      .items.find((b: { number: string }) => b.number === household.address.buildingNumber);
    const picture = (await leader.get(`/api/v1/buildings/${building.id}/picture?lens=reports`)).json();
    const cells = picture.entrances.flatMap((e: { floors: { flats: { householdId: string }[] }[] }) =>
      e.floors.flatMap((f) => f.flats),
    );
    expect(cells.find((c: { householdId: string }) => c.householdId === ownHousehold)).toMatchObject({
      lensKey: 'open_reports',
    });
    expect(
      cells.find((c: { householdId: string }) => c.householdId === ownHousehold).openReports,
    ).toBeGreaterThan(0);
  });

  it('takes a retried POST once: the same key replays the first answer, a different body is refused', async () => {
    const key = 'phone-retry-0001';
    const bodies = Array.from({ length: 5 }, () =>
      report(leader, { category: 'sanitation' }, { 'idempotency-key': key }),
    );
    const answers = await Promise.all(bodies);
    const ids = new Set(answers.map((a) => a.json().id));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(ids.size).toBe(1);
    const count = await t.database.db
      .selectFrom('report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category', '=', 'sanitation')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const later = await report(leader, { category: 'sanitation' }, { 'idempotency-key': key });
    expect(later.statusCode).toBe(200);
    expect(later.json()).toEqual(answers[0]?.json());
    const changed = await report(
      leader,
      { category: 'sanitation', description: '另一件事' },
      { 'idempotency-key': key },
    );
    expect(changed.statusCode).toBe(422);
    expect(changed.json().error.code).toBe('request.idempotency_mismatch');
  });

  it('moves an unacknowledged emergency up one tier per missed window, each step once, and stops at the committee', async () => {
    const emergency = (await report(leader, { category: 'health_emergency' })).json();
    expect(emergency).toMatchObject({ emergency: true, responsibleTier: 'building_leader' });
    const tiers = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advanceMinutes(11);
      // Two runs at once (two servers, or a retry): the step still lands once.
      await Promise.all([
        escalateDue({ db: t.database.db, clock: t.clock, feed: bus }),
        escalateDue({ db: t.database.db, clock: t.clock, feed: bus }),
      ]);
      tiers.push((await committee.get(`/api/v1/reports/${emergency.id}`)).json().responsibleTier);
    }
    expect(tiers).toEqual(['party_member', 'group_leader', 'branch', 'committee', 'committee']);
    const timeline = (await committee.get(`/api/v1/reports/${emergency.id}`))
      .json()
      .timeline.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual([
      'created',
      'escalated',
      'escalated',
      'escalated',
      'escalated',
      'overdue_at_top',
    ]);
  });

  it('after a long outage escalates exactly once, then waits a full window again', async () => {
    const r = (await report(leader, { category: 'health_emergency' })).json();
    t.clock.advanceMinutes(120);
    const deps = { db: t.database.db, clock: t.clock, feed: bus };
    await escalateDue(deps);
    await escalateDue(deps);
    committee = await signIn(t.app, 'committee');
    const after = (await committee.get(`/api/v1/reports/${r.id}`)).json();
    expect(after.responsibleTier).toBe('party_member');
    expect(after.timeline.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(1);
  });

  it('stops escalating once acknowledged; refers with guidance; reopens within 7 days only', async () => {
    const r = (await report(leader, { category: 'health_emergency' })).json();
    const ack = await leader.post(`/api/v1/reports/${r.id}/transition`, { action: 'acknowledge' });
    expect(ack.statusCode, ack.body).toBe(200);
    t.clock.advanceMinutes(30);
    await escalateDue({ db: t.database.db, clock: t.clock, feed: bus });
    [leader, committee] = await Promise.all([signIn(t.app, 'buildingleader'), signIn(t.app, 'committee')]);
    expect((await committee.get(`/api/v1/reports/${r.id}`)).json().responsibleTier).toBe('building_leader');
    const incomplete = await leader.post(`/api/v1/reports/${r.id}/transition`, {
      action: 'refer',
      referredTo: '120 急救中心',
    });
    expect(incomplete.json().error.code).toBe('reports.referral_incomplete');
    const referred = await leader.post(`/api/v1/reports/${r.id}/transition`, {
      action: 'refer',
      referredTo: '120 急救中心',
      residentGuidance: '已帮您拨打 120，救护车会到楼下，家里留人开门。',
    });
    expect(referred.json()).toMatchObject({ state: 'referred', referredTo: '120 急救中心' });
    expect(
      (await leader.post(`/api/v1/reports/${r.id}/transition`, { action: 'acknowledge' })).statusCode,
    ).toBe(409);
    t.clock.advanceMinutes(8 * 24 * 60);
    leader = await signIn(t.app, 'buildingleader');
    const late = await leader.post(`/api/v1/reports/${r.id}/transition`, { action: 'reopen' });
    expect(late.json().error.code).toBe('reports.reopen_expired');
  });

  it('suggests likely duplicates (same building and category within 48 hours) and merges them', async () => {
    const first = (
      await leader.post('/api/v1/reports', {
        buildingId: ownBuilding,
        category: 'safety_hazard',
        description: '单元门坏了',
      })
    ).json();
    const second = (
      await leader.post('/api/v1/reports', {
        buildingId: ownBuilding,
        category: 'safety_hazard',
        description: '单元门关不上',
      })
    ).json();
    const candidates = (await worker.get(`/api/v1/reports/${second.id}/duplicates`)).json().items;
    expect(candidates.map((c: { id: string }) => c.id)).toContain(first.id);
    const merged = await worker.post(`/api/v1/reports/${second.id}/merge`, { into: first.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await worker.get(`/api/v1/reports/${second.id}`)).json()).toMatchObject({
      state: 'merged',
      mergedInto: first.id,
    });
  });

  it('reaches the committee’s open screen at once over the live feed, and keeps how long it took', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const committeeFeed = await openFeed(`${address}/api/v1/feed`, committee.cookie);
    const otherCommunity = await signIn(t.app, 'c2.committee');
    const otherFeed = await openFeed(`${address}/api/v1/feed`, otherCommunity.cookie);
    try {
      const saved = (await report(leader, { category: 'health_emergency', onBehalfOfName: '李爷爷' })).json();
      const event = await committeeFeed.waitFor(saved.id);
      expect(event).toMatchObject({ kind: 'created', report: { emergency: true, onBehalfOf: '李爷爷' } });
      expect((await committee.post(`/api/v1/reports/${saved.id}/seen`)).statusCode).toBe(200);
      const latency = (await committee.get(`/api/v1/reports/${saved.id}`)).json().committeeLatencyMs;
      expect(latency).toBeGreaterThanOrEqual(0);
      // The building leader who recorded it reads, by name, that the committee has it; a second look adds nothing.
      expect((await committee.post(`/api/v1/reports/${saved.id}/seen`)).statusCode).toBe(200);
      const timeline = (await leader.get(`/api/v1/reports/${saved.id}`)).json().timeline as {
        kind: string;
        actor: string | null;
      }[];
      const seen = timeline.filter((e) => e.kind === 'seen_by_committee');
      expect(seen).toHaveLength(1);
      expect(seen[0]?.actor).toBe((await committee.get('/api/v1/auth/me')).json().user.displayName);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(otherFeed.events.find((e) => e.report.id === saved.id)).toBeUndefined();
    } finally {
      await committeeFeed.close();
      await otherFeed.close();
    }
  });

  it.runIf(dialect === 'postgres')(
    'shares the live feed between two servers on one PostgreSQL database',
    async () => {
      const secondDatabase = openDatabase({
        dataDir: t.database.dataDir,
        databaseUrl: process.env.LINLI_TEST_PG_URL,
        pgSchema: t.database.pgSchema ?? undefined,
      });
      const second = await buildApp({
        database: secondDatabase,
        clock: t.clock,
        config: configFromEnv({}, { dataDir: t.database.dataDir }),
        logger: false,
        webDir: null,
      });
      try {
        const address = await second.listen({ port: 0, host: '127.0.0.1' });
        const secondCommittee = await signIn(second, 'committee');
        const feed = await openFeed(`${address}/api/v1/feed`, secondCommittee.cookie);
        // The first server may already listen, from the test before.
        const firstAddress = t.app.server.listening
          ? `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
          : await t.app.listen({ port: 0, host: '127.0.0.1' });
        const ownFeed = await openFeed(`${firstAddress}/api/v1/feed`, committee.cookie);
        try {
          const saved = (await report(leader, { category: 'repairs' })).json();
          expect((await feed.waitFor(saved.id)).report.id).toBe(saved.id);
          expect((await ownFeed.waitFor(saved.id)).report).toMatchObject({
            id: saved.id,
            place: saved.place,
          });
          // The saving server delivers to its own screens directly and skips its own NOTIFY: once each.
          await new Promise((resolve) => setTimeout(resolve, 300));
          for (const screen of [feed, ownFeed])
            expect(
              screen.events.filter((e) => e.report.id === saved.id && e.kind === 'created'),
            ).toHaveLength(1);
          // Reports saved together are announced to other servers in one statement: each still arrives, once.
          const together = await Promise.all(
            Array.from({ length: 6 }, async () => (await report(leader, { category: 'repairs' })).json()),
          );
          for (const r of together) expect((await feed.waitFor(r.id)).report.id).toBe(r.id);
          await new Promise((resolve) => setTimeout(resolve, 300));
          for (const r of together)
            expect(feed.events.filter((e) => e.report.id === r.id && e.kind === 'created')).toHaveLength(1);
        } finally {
          await feed.close();
          await ownFeed.close();
        }
      } finally {
        await second.close();
        await secondDatabase.close();
      }
    },
  );
});

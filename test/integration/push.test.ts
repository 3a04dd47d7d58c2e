import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sweepCheckins } from '../../src/server/care/ladder';
import { dispatch } from '../../src/server/push/push.dispatcher';
import { webPushSender } from '../../src/server/push/push.sender';
import { loadOrCreateVapidKeys } from '../../src/server/push/vapidKeys';
import { type FeedSignal, openFeedBus } from '../../src/server/reports/feed';
import type { TPushMessage } from '../../src/shared/contracts/push';
import {
  browserKeys,
  checkVapid,
  decryptPush,
  startPushService,
  type TestPushService,
} from '../support/pushService';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

describe.each(DIALECTS)('Web Push: what must not wait reaches the phone on %s', (dialect) => {
  let t: TestApp;
  let push: TestPushService;
  const phones = { committee: browserKeys(), leader: browserKeys() };
  const paths = { committee: `/sub/committee-${dialect}`, leader: `/sub/leader-${dialect}` };
  let householdId: string;

  const put = (who: SignedIn, url: string, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url,
      payload: payload as Record<string, unknown>,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    });
  const deliveriesTo = (path: string) => push.deliveries.filter((d) => d.path === path);
  const messageOf = (body: Buffer, phone: ReturnType<typeof browserKeys>) =>
    JSON.parse(decryptPush(body, phone.ecdh, phone.auth)) as TPushMessage;
  const emergency = async (description: string) => {
    const worker = await signIn(t.app, 'worker');
    const res = await worker.post('/api/v1/reports', {
      householdId,
      category: 'health_emergency',
      description,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string };
  };

  beforeAll(async () => {
    push = await startPushService();
    t = await createTestApp(dialect, { pushHosts: [push.host] });
    const leader = await signIn(t.app, 'buildingleader');
    householdId = (await leader.get('/api/v1/households?limit=1')).json().items[0].id;
  });
  afterAll(async () => {
    await t.close();
    await push.close();
  });

  it('delivers an emergency to the committee’s phone and the report to its handler’s, encrypted for each and signed with the server’s key', async () => {
    const committee = await signIn(t.app, 'committee');
    const leader = await signIn(t.app, 'buildingleader');
    const subscription = {
      endpoint: `http://${push.host}${paths.committee}`,
      keys: phones.committee.keys,
    };
    const first = await committee.post('/api/v1/push/subscriptions', subscription);
    expect(first.statusCode, first.body).toBe(200);
    // Sent again (a retry, or the page opened again): still one phone.
    expect((await committee.post('/api/v1/push/subscriptions', subscription)).json()).toMatchObject({
      devices: 1,
      kinds: { emergency_report: true, report_assigned: true, ladder_step: true },
    });
    const leaderPhone = await leader.post('/api/v1/push/subscriptions', {
      endpoint: `http://${push.host}${paths.leader}`,
      keys: phones.leader.keys,
    });
    expect(leaderPhone.statusCode, leaderPhone.body).toBe(200);

    const report = await emergency('张奶奶在家摔倒了，起不来');
    await vi.waitFor(() => expect(deliveriesTo(paths.committee)).toHaveLength(1), { timeout: 5_000 });
    const [delivery] = deliveriesTo(paths.committee);
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['content-encoding']).toBe('aes128gcm');
    expect(delivery.headers.ttl).toBe('86400');
    expect(delivery.headers.urgency).toBe('high');
    const vapid = checkVapid(delivery.headers.authorization);
    expect(vapid.signedByKey).toBe(true);
    expect(vapid.key).toBe((await committee.get('/api/v1/push/key')).json().publicKey);
    expect(vapid.claims.aud).toBe(`http://${push.host}`);
    expect(vapid.claims.sub).toMatch(/^mailto:/);

    const message = messageOf(delivery.body, phones.committee);
    expect(message).toMatchObject({
      kind: 'emergency_report',
      title: '紧急：突发疾病',
      url: `/reports/${report.id}`,
    });
    expect(message.body).toMatch(/^\d+-\d+-\d+ · 危及生命财产/);
    // A locked screen shows what and where, never who or what was said.
    expect(JSON.stringify(message)).not.toContain('张奶奶');
    // Another phone cannot read it.
    expect(() => decryptPush(delivery.body, phones.leader.ecdh, phones.leader.auth)).toThrow();

    await vi.waitFor(() => expect(deliveriesTo(paths.leader)).toHaveLength(1), { timeout: 5_000 });
    const [toLeader] = deliveriesTo(paths.leader);
    expect(messageOf(toLeader?.body ?? Buffer.alloc(0), phones.leader)).toMatchObject({
      kind: 'report_assigned',
      title: '新诉求交给您：突发疾病',
      url: `/reports/${report.id}`,
    });
    expect(toLeader?.headers.urgency).toBe('normal');
  });

  it('sends nothing of a kind a person turned off, and forgets a phone its push service says is gone', async () => {
    const committee = await signIn(t.app, 'committee');
    const off = await put(committee, '/api/v1/push/settings', { kinds: { emergency_report: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().kinds).toEqual({ emergency_report: false, report_assigned: true, ladder_step: true });
    const before = {
      committee: deliveriesTo(paths.committee).length,
      leader: deliveriesTo(paths.leader).length,
    };

    await emergency('楼道里有人晕倒');
    // The leader's notice of the same report shows the dispatch ran; the committee's phone got nothing.
    await vi.waitFor(() => expect(deliveriesTo(paths.leader)).toHaveLength(before.leader + 1), {
      timeout: 5_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deliveriesTo(paths.committee)).toHaveLength(before.committee);

    push.gone.add(paths.leader);
    await emergency('老人胸口疼');
    const leader = await signIn(t.app, 'buildingleader');
    await vi.waitFor(async () => expect((await leader.get('/api/v1/push/settings')).json().devices).toBe(0), {
      timeout: 5_000,
    });
  });

  it('refuses a subscription to an address that is no push service, in the caller’s language', async () => {
    const worker = await signIn(t.app, 'worker');
    const keys = browserKeys().keys;
    for (const endpoint of ['https://evil.example/push', `http://127.0.0.1:5432/`, 'http://localhost/x']) {
      const res = await worker.post('/api/v1/push/subscriptions', { endpoint, keys });
      expect(res.statusCode, endpoint).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'push.endpoint_not_allowed', field: 'endpoint' });
      expect(res.json().error.message).toContain('提醒');
    }
    const english = await worker.post(
      '/api/v1/push/subscriptions',
      { endpoint: 'https://evil.example/push', keys },
      { 'accept-language': 'en' },
    );
    expect(english.json().error.message).toContain('push service');
    const malformed = await worker.post('/api/v1/push/subscriptions', { endpoint: 'not a url', keys: {} });
    expect(malformed.statusCode).toBe(400);
    expect(await signIn(t.app, 'worker').then((w) => w.get('/api/v1/push/settings'))).toMatchObject({
      statusCode: 200,
    });
  });

  it('tells the people a missed check-in’s ladder step names, without the resident’s name', async () => {
    const leader = await signIn(t.app, 'buildingleader');
    const phone = browserKeys();
    const path = `/sub/ladder-${dialect}`;
    await leader.post('/api/v1/push/subscriptions', {
      endpoint: `http://${push.host}${path}`,
      keys: phone.keys,
    });
    const household = (await leader.get(`/api/v1/households/${householdId}`)).json() as {
      address: { label: string };
      members: { id: string; name: string }[];
    };
    const resident = household.members[0];
    if (!resident) throw new Error('the household has nobody in it');
    const committee = await signIn(t.app, 'committee');
    const at = new Date(t.clock().getTime() + 30 * 60_000 + 8 * 3_600_000).toISOString().slice(11, 16);
    const plan = await committee.post('/api/v1/care/plans', {
      residentId: resident.id,
      risk: 'high',
      checkin: {
        time: at,
        ways: ['phone_call'],
        consent: { date: '2026-11-01', form: 'spoken', witness: '女儿' },
      },
    });
    expect(plan.statusCode, plan.body).toBe(200);

    t.clock.advanceMinutes(61);
    const bus = await openFeedBus(t.database);
    const signals: FeedSignal[] = [];
    bus.subscribe((signal) => signals.push(signal));
    try {
      await sweepCheckins({ db: t.database.db, clock: t.clock, feed: bus });
    } finally {
      await bus.close();
    }
    const missed = signals.find((s) => s.kind === 'checkin_missed');
    if (!missed) throw new Error('the sweep took no ladder step');
    const sender = webPushSender(loadOrCreateVapidKeys(t.database.dataDir), 'mailto:test@linli', [push.host]);
    expect(await dispatch({ db: t.database.db, sender }, missed)).toBeGreaterThanOrEqual(1);

    const [delivery] = deliveriesTo(path);
    const message = messageOf(delivery?.body ?? Buffer.alloc(0), phone);
    expect(message).toMatchObject({ kind: 'ladder_step', title: '有人今天还没报平安', url: '/care' });
    expect(message.body).toBe(`${household.address.label}：请打个电话问问。`);
    expect(JSON.stringify(message)).not.toContain(resident.name);
  });
});

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JPEG, PNG, WEBP } from '../support/images';
import { multipartFile } from '../support/multipart';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

let ipCounter = 0;
/** Each test speaks from an address of its own, so the per-IP limit of one never touches another. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`;

describe.each(DIALECTS)('public reporting, the resident’s link, feedback and photos on %s', (dialect) => {
  let t: TestApp;
  let leader: SignedIn;
  let partyMember: SignedIn;
  let committee: SignedIn;
  let worker: SignedIn;
  /** The building leader's own household, as the notice board's visitor would name it. */
  let home: { id: string; buildingId: string; entrance: string; room: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  beforeEach(async () => {
    [leader, partyMember, committee, worker] = await Promise.all([
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'partymember'),
      signIn(t.app, 'committee'),
      signIn(t.app, 'worker'),
    ]);
    const id = (await leader.get('/api/v1/households?limit=1')).json().items[0].id as string;
    const row = await t.database.db
      .selectFrom('household')
      .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
      .select(['household.building_id', 'household.room', 'entrance.number'])
      .where('household.id', '=', id)
      .executeTakeFirstOrThrow();
    home = { id, buildingId: row.building_id, entrance: row.number, room: row.room };
  });
  afterAll(async () => {
    await t.close();
  });

  const publicPost = (
    url: string,
    payload: unknown,
    ip: string,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      remoteAddress: ip,
      headers,
    });
  const intake = (body: Record<string, unknown>, ip: string, headers: Record<string, string> = {}) =>
    publicPost(
      `/api/public/buildings/${home.buildingId}/reports`,
      {
        category: 'repairs',
        entranceNumber: home.entrance,
        room: home.room,
        description: '楼道灯坏了',
        phone: '13800000000',
        ...body,
      },
      ip,
      headers,
    );
  const link = (followLink: string) =>
    t.app.inject({ method: 'GET', url: `/api/public/reports/${followLink.slice(3)}` });
  const uploadAs = (s: SignedIn, reportId: string, content: Buffer, filename: string, type: string) => {
    const { payload, headers } = multipartFile(content, filename, type);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${reportId}/photos`,
      payload,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...headers },
    });
  };

  it('shows the building’s public page with entrances and categories, and nothing about residents', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/buildings/${home.buildingId}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.entrances).toContain(home.entrance);
    expect(body.communityName).toBeTruthy();
    expect(body.categories.map((c: { code: string }) => c.code)).toContain('repairs');
    const names = await t.database.db.selectFrom('resident').select(['name', 'phone']).execute();
    for (const r of names) {
      expect(res.body).not.toContain(r.name);
      if (r.phone) expect(res.body).not.toContain(r.phone);
    }
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/public/buildings/${randomUUID()}` })).statusCode,
    ).toBe(404);
  });

  it('takes a resident’s report without an account and the whole chain above the household sees it', async () => {
    const res = await intake({ name: '王阿姨' }, freshIp());
    expect(res.statusCode, res.body).toBe(200);
    const { id, followLink } = res.json();
    expect(followLink).toMatch(/^\/r\/[A-Za-z0-9_-]{20,}$/);
    const row = await t.database.db
      .selectFrom('report')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source: 'public',
      recorded_by_user_id: null,
      reporter_phone: '13800000000',
      household_id: home.id,
      responsible_tier: 'building_leader',
      on_behalf_of_name: '王阿姨',
    });
    for (const s of [leader, partyMember, committee, worker]) {
      const ids = (await s.get('/api/v1/reports')).json().items.map((r: { id: string }) => r.id);
      expect(ids).toContain(id);
    }
    expect((await committee.get(`/api/v1/reports/${id}`)).json().recordedBy).toBeTruthy();
    const far = await signIn(t.app, 'far.committee');
    expect((await far.get(`/api/v1/reports/${id}`)).statusCode).toBe(404);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('reports.create_public');
  });

  it('files a report whose room names no household at the building, for the committee', async () => {
    const res = await intake({ room: '9999', category: 'sanitation' }, freshIp());
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.database.db
      .selectFrom('report')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ household_id: null, building_id: home.buildingId });
    expect(row.description).toContain('9999');
    const ids = (await committee.get('/api/v1/reports')).json().items.map((r: { id: string }) => r.id);
    expect(ids).toContain(row.id);
    const badEntrance = await intake({ entranceNumber: '99' }, freshIp());
    expect(badEntrance.statusCode).toBe(400);
    expect(badEntrance.json().error.code).toBe('public.unknown_entrance');
  });

  it('replays a retried POST with the same Idempotency-Key and refuses the key with a different body', async () => {
    const ip = freshIp();
    const key = `qr-retry-${randomUUID()}`;
    const answers = await Promise.all(
      [1, 2, 3].map(() => intake({ phone: '13900000001' }, ip, { 'idempotency-key': key })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    const changed = await intake({ phone: '13900000001', description: '别的事' }, ip, {
      'idempotency-key': key,
    });
    expect(changed.statusCode).toBe(422);
  });

  it('limits each phone to 5 reports an hour and says when to try again, in the caller’s language', async () => {
    const phone = '13700000007';
    for (let i = 0; i < 5; i++) {
      const ok = await intake({ phone, description: `第${i}件事` }, freshIp());
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const limited = await intake({ phone }, freshIp());
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('public.rate_limited');
    expect(limited.json().error.message).toMatch(/\d{2}:\d{2}/);
    const english = await intake({ phone }, freshIp(), { 'accept-language': 'en' });
    expect(english.json().error.message).toMatch(/try again after \d{2}:\d{2}/);
    t.clock.advanceMinutes(61);
    expect((await intake({ phone }, freshIp())).statusCode).toBe(200);
  });

  it('limits each IP address to 20 reports an hour, whatever the phone', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      const ok = await intake({ phone: `1360000${String(i).padStart(4, '0')}` }, ip);
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const limited = await intake({ phone: '13611111111' }, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toContain('分钟');
    expect((await intake({ phone: '13611111111' }, freshIp())).statusCode).toBe(200);
  });

  it('shows the resident their report in plain words, without any staff name or note', async () => {
    const created = (await intake({ phone: '13500000001' }, freshIp())).json();
    await leader.post(`/api/v1/reports/${created.id}/transition`, {
      action: 'acknowledge',
      note: '内部备注：找物业老周',
    });
    await leader.post(`/api/v1/reports/${created.id}/transition`, {
      action: 'refer',
      referredTo: '区供电所',
      residentGuidance: '请拨打 95598 报修，说明是楼道公共照明。',
    });
    const res = await link(created.followLink);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({
      state: 'referred',
      referral: { referredTo: '区供电所', guidance: '请拨打 95598 报修，说明是楼道公共照明。' },
      canGiveFeedback: true,
      canReopen: true,
    });
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'acknowledge', 'refer']);
    expect(res.body).not.toContain('老周');
    expect(res.body).not.toContain(home.room);
    const [users, positions, residents] = await Promise.all([
      t.database.db.selectFrom('user_account').select('display_name').execute(),
      t.database.db.selectFrom('liaison_position').select(['person_name', 'phone']).execute(),
      t.database.db.selectFrom('resident').select('name').execute(),
    ]);
    for (const name of [
      ...users.map((u) => u.display_name),
      ...positions.map((p) => p.person_name),
      ...residents.map((r) => r.name),
    ]) {
      expect(res.body).not.toContain(name);
    }
    for (const p of positions) if (p.phone) expect(res.body).not.toContain(p.phone);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/public/reports/not-a-real-token-000000' })).statusCode,
    ).toBe(404);
  });

  it('takes the two closing answers only once the report is closed, and once per closing', async () => {
    const created = (await intake({ phone: '13500000002' }, freshIp())).json();
    const token = created.followLink.slice(3);
    const early = await publicPost(
      `/api/public/reports/${token}/feedback`,
      { solved: true, satisfied: true },
      freshIp(),
    );
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('reports.feedback_not_closed');
    await leader.post(`/api/v1/reports/${created.id}/transition`, { action: 'resolve' });
    // A signed-in browser answering the public page needs no CSRF token: the link is the key.
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/public/reports/${token}/feedback`,
      payload: { solved: true, satisfied: false },
      headers: { cookie: leader.cookie },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({
      feedback: { solved: true, satisfied: false },
      canGiveFeedback: false,
    });
    const again = await publicPost(
      `/api/public/reports/${token}/feedback`,
      { solved: true, satisfied: true },
      freshIp(),
    );
    expect(again.json().error.code).toBe('reports.feedback_given');
    const detail = (await committee.get(`/api/v1/reports/${created.id}`)).json();
    expect(detail.feedback).toEqual([expect.objectContaining({ solved: true, byResident: true })]);
  });

  it('lets the resident reopen within 7 days of closing, and not after', async () => {
    const early = (await intake({ phone: '13500000003' }, freshIp())).json();
    const late = (await intake({ phone: '13500000003', category: 'sanitation' }, freshIp())).json();
    const openNow = await publicPost(
      `/api/public/reports/${early.followLink.slice(3)}/reopen`,
      {},
      freshIp(),
    );
    expect(openNow.statusCode).toBe(409);
    await leader.post(`/api/v1/reports/${early.id}/transition`, { action: 'resolve' });
    await leader.post(`/api/v1/reports/${late.id}/transition`, { action: 'resolve' });
    t.clock.advanceMinutes(6 * 24 * 60);
    const reopened = await publicPost(
      `/api/public/reports/${early.followLink.slice(3)}/reopen`,
      { note: '灯又坏了' },
      freshIp(),
    );
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({
      state: 'in_progress',
      canGiveFeedback: false,
      reopenUntil: null,
    });
    t.clock.advanceMinutes(2 * 24 * 60);
    const expired = await publicPost(`/api/public/reports/${late.followLink.slice(3)}/reopen`, {}, freshIp());
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error.code).toBe('reports.reopen_expired');
    expect((await link(late.followLink)).json()).toMatchObject({ state: 'resolved', canReopen: false });
  });

  it('records in-person answers only from a tier other than the one that handled the report', async () => {
    const repairs = (
      await leader.post('/api/v1/reports', {
        householdId: home.id,
        category: 'repairs',
        description: '水龙头漏水',
      })
    ).json();
    await leader.post(`/api/v1/reports/${repairs.id}/transition`, { action: 'resolve' });
    const own = await leader.post(`/api/v1/reports/${repairs.id}/feedback`, {
      solved: true,
      satisfied: true,
    });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('reports.feedback_same_tier');
    expect(own.json().error.message).toContain('另一级');
    const byParty = await partyMember.post(`/api/v1/reports/${repairs.id}/feedback`, {
      solved: true,
      satisfied: true,
    });
    expect(byParty.statusCode, byParty.body).toBe(200);
    expect(byParty.json().feedback).toEqual([expect.objectContaining({ byResident: false })]);

    const welfare = (
      await leader.post('/api/v1/reports', {
        householdId: home.id,
        category: 'welfare_policy',
        description: '低保怎么申请',
      })
    ).json();
    const notClosed = await partyMember.post(`/api/v1/reports/${welfare.id}/feedback`, {
      solved: true,
      satisfied: true,
    });
    expect(notClosed.json().error.code).toBe('reports.feedback_not_closed');
    await committee.post(`/api/v1/reports/${welfare.id}/transition`, { action: 'resolve' });
    const byWorker = await worker.post(`/api/v1/reports/${welfare.id}/feedback`, {
      solved: false,
      satisfied: false,
    });
    expect(byWorker.json().error.code).toBe('reports.feedback_same_tier');
    expect(
      (await leader.post(`/api/v1/reports/${welfare.id}/feedback`, { solved: false, satisfied: true }))
        .statusCode,
    ).toBe(200);
  });

  it('keeps photos checked by content and size, at most 6, streamed only to those who see the report', async () => {
    const r = (
      await leader.post('/api/v1/reports', {
        householdId: home.id,
        category: 'repairs',
        description: '墙皮脱落',
      })
    ).json();
    const ok = await uploadAs(leader, r.id, PNG, 'wall.png', 'image/png');
    expect(ok.statusCode, ok.body).toBe(200);
    const photo = ok.json();
    expect(photo).toMatchObject({ mime: 'image/png', bytes: PNG.length });
    expect(fs.existsSync(path.join(t.database.dataDir, 'photos', r.id, `${photo.id}.png`))).toBe(true);

    const fake = await uploadAs(
      leader,
      r.id,
      Buffer.from('just some text, not a photo'),
      'photo.jpg',
      'image/jpeg',
    );
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('reports.photo_type');
    const huge = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await uploadAs(leader, r.id, huge, 'big.png', 'image/png');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('reports.photo_too_large');

    const streamed = await committee.get(`/api/v1/reports/${r.id}/photos/${photo.id}`);
    expect(streamed.statusCode).toBe(200);
    expect(streamed.headers['content-type']).toBe('image/png');
    expect(streamed.rawPayload.equals(PNG)).toBe(true);
    const other = await signIn(t.app, 'c2.committee');
    expect((await other.get(`/api/v1/reports/${r.id}/photos/${photo.id}`)).statusCode).toBe(404);
    expect((await uploadAs(other, r.id, PNG, 'x.png', 'image/png')).statusCode).toBe(404);
    expect((await committee.get(`/api/v1/reports/${r.id}/photos/${randomUUID()}`)).statusCode).toBe(404);

    // A picture's first bytes followed by a web page is no picture: it is refused, and nothing is kept.
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    for (const [head, name] of [
      [JPEG.subarray(0, 20), 'page.jpg'],
      [PNG.subarray(0, 33), 'page.png'],
      [WEBP.subarray(0, 20), 'page.webp'],
    ] as const) {
      const page = await uploadAs(worker, r.id, Buffer.concat([head, html]), name, 'image/jpeg');
      expect(page.statusCode, name).toBe(422);
      expect(page.json().error.code).toBe('reports.photo_unreadable');
      expect(page.json().error.message).toContain('打不开');
    }
    const cut = await uploadAs(worker, r.id, JPEG.subarray(0, JPEG.length - 40), 'cut.jpg', 'image/jpeg');
    expect(cut.statusCode).toBe(422);
    for (const [content, name] of [
      [JPEG, 'a.jpg'],
      [WEBP, 'b.webp'],
      [PNG, 'c.png'],
      [PNG, 'd.png'],
    ] as const) {
      expect((await uploadAs(worker, r.id, content, name, 'application/octet-stream')).statusCode).toBe(200);
    }
    // The sixth through the resident's link; the seventh is refused.
    const token = (await committee.get(`/api/v1/reports/${r.id}`)).json().feedbackLink.slice(3);
    const { payload, headers: fileHeaders } = multipartFile(PNG, 'e.png', 'image/png');
    const byResident = await t.app.inject({
      method: 'POST',
      url: `/api/public/reports/${token}/photos`,
      payload,
      headers: fileHeaders,
    });
    expect(byResident.statusCode, byResident.body).toBe(200);
    const seventh = await uploadAs(leader, r.id, PNG, 'f.png', 'image/png');
    expect(seventh.statusCode).toBe(409);
    expect(seventh.json().error.code).toBe('reports.photo_limit');

    const detail = (await committee.get(`/api/v1/reports/${r.id}`)).json();
    expect(detail.photos).toHaveLength(6);
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'photo')).toHaveLength(6);
    const audited = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('target_id', '=', r.id)
      .where('action', '=', 'reports.photo_add')
      .execute();
    expect(audited).toHaveLength(6);
    const files = fs.readdirSync(path.join(t.database.dataDir, 'photos', r.id));
    expect(files).toHaveLength(6);
  });
});

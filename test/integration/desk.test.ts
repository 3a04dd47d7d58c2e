import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCheckpoint } from '../../src/server/audit/checkpoints';
import { loadOrCreateSigningKey } from '../../src/server/audit/signingKey';
import { careFixtures } from '../support/keysMoneyFixtures';
import { pdfPageCount, pdfText } from '../support/pdfText';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

interface Labelled {
  key: string;
  label: string;
  count: number;
}

/**
 * The monthly report on a small fixture made through the areas' own endpoints: its figures against
 * hand-computed sums and against what those endpoints answer for the same month; a closed month kept
 * as closed after a late edit, the edit listed.
 */
describe.each(DIALECTS)('the monthly report on %s', (dialect) => {
  let t: TestApp;
  let committee: SignedIn;
  let worker: SignedIn;
  let leader: SignedIn;
  let planId: string;

  beforeAll(async () => {
    // The clock starts on Sunday 2026-11-29, 10:00 in Beijing.
    t = await createTestApp(dialect);
    committee = await signIn(t.app, 'committee');
    worker = await signIn(t.app, 'worker');
    leader = await signIn(t.app, 'buildingleader');
  });
  afterAll(async () => {
    await t.close();
  });

  const ok = (res: { statusCode: number; body: string }) => {
    expect(res.statusCode, res.body).toBe(200);
    return JSON.parse(res.body);
  };

  it('counts the month as the areas count it, and equals what their endpoints give', async () => {
    const f = await careFixtures(t);
    const household = (await leader.get('/api/v1/households?limit=1')).json().items[0].id;
    for (let i = 0; i < 3; i++) {
      ok(
        await leader.post('/api/v1/reports', {
          householdId: household,
          description: '楼道灯坏了',
          category: 'repairs',
        }),
      );
    }
    for (let i = 0; i < 2; i++) {
      ok(
        await leader.post('/api/v1/reports', {
          householdId: household,
          description: '楼上漏水，邻里有矛盾',
          category: 'neighbour_dispute',
        }),
      );
    }
    planId = ok(await committee.post('/api/v1/care/plans', { residentId: f.residentId, risk: 'high' })).id;
    ok(await leader.post(`/api/v1/care/plans/${planId}/visits`, { activities: ['chat'] }));
    const grantHousehold = (
      await t.database.db
        .selectFrom('resident')
        .select('household_id')
        .where('id', '=', f.residentId)
        .executeTakeFirstOrThrow()
    ).household_id;
    ok(
      await worker.post('/api/v1/welfare/emergency-grants', {
        householdId: grantHousehold,
        hardship: 'accident',
        amountFen: 150_000,
        reason: '家中失火，先行救助',
      }),
    );

    const report = ok(await committee.get('/api/v1/monthly-report?month=2026-11'));
    const fig = report.figures;
    expect(fig).toMatchObject({ communityId: t.seed.communityIds[0], month: '2026-11' });
    // By hand: five reports, three repairs held by the building leader, two disputes by the party member.
    expect(fig.reports.total).toBe(5);
    expect(fig.reports.byCategory.map((c: Labelled) => [c.key, c.count])).toEqual([
      ['repairs', 3],
      ['neighbour_dispute', 2],
    ]);
    expect(fig.reports.byTier.map((c: Labelled) => [c.key, c.count])).toEqual([
      ['building_leader', 3],
      ['party_member', 2],
    ]);
    expect(fig.reports.byCategory[0].label).toBe('维修');
    expect(fig.care).toMatchObject({ plans: 1, visits: 1, shortOfPolicy: 0, visitRate: 1 });
    expect(fig.welfare).toMatchObject({ emergencyGrants: 1, emergencyGrantFen: 150_000 });

    // The same month through the areas' own endpoints.
    const rates = ok(await committee.get('/api/v1/reports/rates?month=2026-11&groupBy=tier'));
    expect(fig.rates.current).toEqual(rates.total.current);
    expect(fig.rates.previousMonth).toEqual(rates.total.previous);
    const visits = ok(await committee.get('/api/v1/care/visit-rate?month=2026-11'));
    expect(fig.care).toMatchObject({
      plans: visits.plans,
      visits: visits.visits,
      visitRate: visits.rate,
      shortOfPolicy: visits.shortOfPolicy,
    });
    const value = ok(await committee.get('/api/v1/service/value?from=2026-11-01&to=2026-11-30'));
    expect(fig.service).toMatchObject({
      valueFen: value.totalFen,
      servicesFen: value.servicesFen,
      savingsFen: value.savingsFen,
    });
    const grants = ok(await committee.get('/api/v1/welfare/emergency-grants'));
    expect(fig.welfare.emergencyGrantFen).toBe(grants.totalFen);
    const coverage = ok(await committee.get('/api/v1/liaison/coverage'));
    expect(fig.chain.householdsWithoutLeader).toBe(coverage.householdsWithoutLeader.length);

    expect(report.closed).toBeNull();
    expect(report.summary[0]).toContain('本月共收到居民诉求 5 件');
    expect(report.summary[0]).toContain('维修');
    // The worker sees the same; English labels on request.
    const en = ok(await worker.get('/api/v1/monthly-report?month=2026-11', { 'accept-language': 'en' }));
    expect(en.figures.reports.total).toBe(5);
    expect(en.figures.reports.byTier[0].label).toBe('Building leader');
  });

  it('keeps a closed month as closed and lists what changed in it afterwards', async () => {
    const early = await committee.post('/api/v1/monthly-report/close', { month: '2026-11' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('desk.month_not_over');
    expect(early.json().error.message).toContain('还没过完');

    t.clock.advanceMinutes(3 * 24 * 60);
    committee = await signIn(t.app, 'committee');
    worker = await signIn(t.app, 'worker');
    leader = await signIn(t.app, 'buildingleader');

    expect((await worker.post('/api/v1/monthly-report/close', { month: '2026-11' })).statusCode).toBe(403);
    // The audit trail is signed before the close; the closed report quotes that checkpoint.
    const checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-desk-checkpoint-'));
    const checkpointDeps = {
      db: t.database.db,
      clock: () => t.clock(),
      key: loadOrCreateSigningKey(path.join(checkpointDir, 'audit-key.pem')),
      file: path.join(checkpointDir, 'checkpoints.jsonl'),
    };
    const signed = await takeCheckpoint(checkpointDeps);
    expect(signed).not.toBeNull();
    const closed = ok(await committee.post('/api/v1/monthly-report/close', { month: '2026-11' }));
    expect(closed.closed).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), lateChanges: [] });
    expect(closed.auditCheckpoint).toEqual({ hash: signed?.hash, at: signed?.at });
    expect(closed.figures.care.visits).toBe(1);
    const again = await committee.post('/api/v1/monthly-report/close', { month: '2026-11' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('desk.month_closed');

    // A November visit entered on 2 December.
    ok(
      await leader.post(`/api/v1/care/plans/${planId}/visits`, {
        visitedAt: '2026-11-27T09:00:00+08:00',
        activities: ['chat'],
      }),
    );
    const later = ok(await worker.get('/api/v1/monthly-report?month=2026-11'));
    expect(later.figures).toEqual(closed.figures);
    expect(later.closed.hash).toBe(closed.closed.hash);
    expect(later.closed.lateChanges).toContainEqual(
      expect.objectContaining({ figure: 'care.visits', closed: 1, now: 2 }),
    );
    // A later checkpoint moves an open month's report, not the closed one's.
    const newer = await takeCheckpoint({
      ...checkpointDeps,
      clock: () => new Date(t.clock().getTime() + 60_000),
    });
    expect(newer?.hash).not.toBe(signed?.hash);
    expect(ok(await worker.get('/api/v1/monthly-report?month=2026-11')).auditCheckpoint).toEqual({
      hash: signed?.hash,
      at: signed?.at,
    });
    expect(ok(await worker.get('/api/v1/monthly-report?month=2026-12')).auditCheckpoint).toEqual({
      hash: newer?.hash,
      at: newer?.at,
    });
    fs.rmSync(checkpointDir, { recursive: true, force: true });
    // The kept figures are the text whose hash was taken, and the database refuses to change them.
    const row = await t.database.db.selectFrom('desk_month_close').selectAll().executeTakeFirstOrThrow();
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(row.figures).digest('hex')).toBe(closed.closed.hash);
    await expect(
      t.database.db.updateTable('desk_month_close').set({ hash: 'x' }).where('id', '=', row.id).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it("today's desk: what needs someone now, most urgent first, the chain's own subtree", async () => {
    // Wednesday 2 December: one water report now, due within two hours.
    const household = (await leader.get('/api/v1/households?limit=1')).json().items[0].id;
    const water = ok(
      await leader.post('/api/v1/reports', {
        householdId: household,
        description: '家里停水了',
        category: 'repairs',
        urgency: 'utilities',
      }),
    );
    const desk = ok(await committee.get('/api/v1/dashboard/today'));
    // November's five waited for Monday 10:00 to be acknowledged; the water report has until 12:00 today.
    expect(desk.counts).toMatchObject({
      reportsPastDeadline: 5,
      reportsNearDeadline: 1,
      checkinsMissedOpen: 0,
      visitsOverdue: 0,
      errandsOverdue: 0,
      keysUsedToday: 0,
      applicationsAwaitingDecision: 0,
      householdsWithoutLeader: 0,
    });
    expect(desk.counts.reportsByTier).toEqual([
      { tier: 'party_member', past: 2, near: 0 },
      { tier: 'building_leader', past: 3, near: 1 },
    ]);
    expect(desk.items.map((i: { overdue: boolean }) => i.overdue)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(desk.items.at(-1)).toMatchObject({
      kind: 'report',
      id: water.id,
      dueAt: '2026-12-02T04:00:00.000Z',
      title: '维修：家里停水了',
    });

    // The chain sees its own subtree, without the areas its role does not see.
    const mine = ok(await leader.get('/api/v1/dashboard/today'));
    expect(mine.items).toHaveLength(6);
    expect(mine.counts).toMatchObject({
      keysUsedToday: null,
      applicationsAwaitingDecision: null,
      householdsWithoutLeader: null,
    });
    const other = ok(await (await signIn(t.app, 'c2.committee')).get('/api/v1/dashboard/today'));
    expect(other.items).toEqual([]);
    // The subdistrict reads one community's desk at a time.
    const sub = await signIn(t.app, 'subdistrict');
    expect((await sub.get('/api/v1/dashboard/today')).statusCode).toBe(400);
    const read = ok(await sub.get(`/api/v1/dashboard/today?communityId=${t.seed.communityIds[0]}`));
    expect(read.counts).toMatchObject({
      reportsPastDeadline: 5,
      errandsOverdue: null,
      sessionsShortOfVolunteers: null,
    });
    expect((await committee.get(`/api/v1/dashboard/today?communityId=${t.farCommunityId}`)).statusCode).toBe(
      404,
    );
    for (const username of ['volunteer', 'admin']) {
      expect(
        (await (await signIn(t.app, username)).get('/api/v1/dashboard/today')).statusCode,
        username,
      ).toBe(403);
    }
  });

  it('answers within scope: another community is not found, chain roles and volunteers are refused', async () => {
    const far = await committee.get(`/api/v1/monthly-report?month=2026-11&communityId=${t.farCommunityId}`);
    expect(far.statusCode).toBe(404);
    expect(far.json().error.code).toBe('desk.community_not_found');
    for (const username of ['branch', 'buildingleader', 'volunteer', 'admin']) {
      const res = await (await signIn(t.app, username)).get('/api/v1/monthly-report?month=2026-11');
      expect(res.statusCode, username).toBe(403);
    }
    const sub = await signIn(t.app, 'subdistrict');
    const needsOne = await sub.get('/api/v1/monthly-report?month=2026-11');
    expect(needsOne.statusCode).toBe(400);
    expect(needsOne.json().error.code).toBe('desk.community_required');
    const one = ok(
      await sub.get(`/api/v1/monthly-report?month=2026-11&communityId=${t.seed.communityIds[0]}`),
    );
    expect(one.figures.reports.total).toBe(5);
    expect(
      (
        await sub.post('/api/v1/monthly-report/close', {
          month: '2026-10',
          communityId: t.seed.communityIds[0],
        })
      ).statusCode,
    ).toBe(403);
    const bad = await committee.get('/api/v1/monthly-report?month=2026-13');
    expect(bad.statusCode).toBe(400);
  });

  it('prints the closed month as a PDF in Chinese and as a workbook of real numbers', async () => {
    const json = ok(await committee.get('/api/v1/monthly-report?month=2026-11'));
    const pdf = await committee.get('/api/v1/monthly-report.pdf?month=2026-11');
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdfPageCount(pdf.rawPayload)).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, '');
    for (const title of [
      '本月情况',
      '诉求分类',
      '三率',
      '关爱',
      '救助',
      '服务站',
      '联系网络',
      '结账后补登的变动',
    ]) {
      expect(text, title).toContain(title);
    }
    expect(text).toContain('本月共收到居民诉求5件');
    expect(text).toContain('维修');
    expect(text).toContain('1,500.00');
    expect(text).toMatch(/第1页\/共\d+页/);

    const xlsx = await committee.get('/api/v1/monthly-report.xlsx?month=2026-11');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['本月情况', '诉求分类', '三率', '关爱', '救助', '服务站']));
    const categories = book.getWorksheet('诉求分类');
    expect(categories?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(categories?.getRow(2).getCell(2).value).toBe(3);
    expect(categories?.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Number);
    const welfare = book.getWorksheet('救助');
    const amount = welfare?.getRows(2, 20)?.find((r) => r.getCell(1).value === '临时救助金额（元）');
    expect(amount?.getCell(2).value).toBe(json.figures.welfare.emergencyGrantFen / 100);
    expect(amount?.getCell(2).numFmt).toBe('#,##0.00');
  });

  it("sets the subdistrict's communities side by side, and prints them all", async () => {
    const sub = await signIn(t.app, 'subdistrict');
    const overview = ok(await sub.get('/api/v1/subdistrict/overview?month=2026-11'));
    expect(overview.communities.map((c: { communityId: string }) => c.communityId).sort()).toEqual(
      [...t.seed.communityIds].sort(),
    );
    const mine = overview.communities.find(
      (c: { communityId: string }) => c.communityId === t.seed.communityIds[0],
    );
    const single = ok(
      await sub.get(`/api/v1/monthly-report?month=2026-11&communityId=${t.seed.communityIds[0]}`),
    );
    expect(mine.figures).toEqual(single.figures);
    expect(mine.closed).toBe(true);
    // Fewer than ten reports: every community's rates are withheld, and counted.
    expect(overview.withheld).toBe(overview.communities.length);
    const committeeView = ok(await committee.get('/api/v1/subdistrict/overview?month=2026-11'));
    expect(committeeView.communities).toHaveLength(1);
    expect((await (await signIn(t.app, 'branch')).get('/api/v1/subdistrict/overview')).statusCode).toBe(403);

    const xlsx = await sub.get('/api/v1/monthly-report.xlsx?month=2026-11');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const side = book.getWorksheet('各社区对比');
    expect(side?.rowCount).toBe(1 + t.seed.communityIds.length);
    const pdf = await sub.get('/api/v1/monthly-report.pdf?month=2026-11');
    expect(pdf.statusCode).toBe(200);
  });

  /**
   * Who reaches what of the desk (issue 16): their own community, another of the same subdistrict
   * (c2), a community of another subdistrict (far), an id nobody has. 200 shown, 404 hidden, 403 refused.
   */
  it('keeps to the scope table for every desk endpoint', async () => {
    const [own, sibling] = t.seed.communityIds as [string, string];
    const places = {
      own,
      sibling,
      far: t.farCommunityId,
      nonexistent: '00000000-0000-4000-8000-000000000000',
    };
    const urls = {
      today: (id: string) => `/api/v1/dashboard/today?communityId=${id}`,
      report: (id: string) => `/api/v1/monthly-report?month=2026-11&communityId=${id}`,
      pdf: (id: string) => `/api/v1/monthly-report.pdf?month=2026-11&communityId=${id}`,
      xlsx: (id: string) => `/api/v1/monthly-report.xlsx?month=2026-11&communityId=${id}`,
      overview: () => '/api/v1/subdistrict/overview?month=2026-11',
      close: (id: string) =>
        ['POST', '/api/v1/monthly-report/close', { month: '2026-10', communityId: id }] as const,
    };
    type Url = keyof typeof urls;
    const community = { own: 200, sibling: 404, far: 404, nonexistent: 404 };
    const both = { own: 200, sibling: 200, far: 404, nonexistent: 404 };
    const refused = { own: 403, sibling: 403, far: 403, nonexistent: 403 };
    // The overview names no community: it answers the caller's own, whatever place is tried.
    const listed = { own: 200, sibling: 200, far: 200, nonexistent: 200 };
    const table: Record<string, Record<Url, Record<keyof typeof places, number>>> = {
      committee: {
        today: community,
        report: community,
        pdf: community,
        xlsx: community,
        overview: listed,
        close: community,
      },
      worker: {
        today: community,
        report: community,
        pdf: community,
        xlsx: community,
        overview: listed,
        close: refused,
      },
      subdistrict: { today: both, report: both, pdf: both, xlsx: both, overview: listed, close: refused },
      branch: {
        today: community,
        report: refused,
        pdf: refused,
        xlsx: refused,
        overview: refused,
        close: refused,
      },
      buildingleader: {
        today: community,
        report: refused,
        pdf: refused,
        xlsx: refused,
        overview: refused,
        close: refused,
      },
      volunteer: {
        today: refused,
        report: refused,
        pdf: refused,
        xlsx: refused,
        overview: refused,
        close: refused,
      },
      admin: {
        today: refused,
        report: refused,
        pdf: refused,
        xlsx: refused,
        overview: refused,
        close: refused,
      },
    };
    const got: typeof table = {};
    for (const username of Object.keys(table)) {
      const session = await signIn(t.app, username);
      got[username] = {} as Record<Url, Record<keyof typeof places, number>>;
      for (const url of Object.keys(urls) as Url[]) {
        const row = {} as Record<keyof typeof places, number>;
        for (const [place, id] of Object.entries(places) as [keyof typeof places, string][]) {
          if (url === 'overview') {
            row[place] = (await session.get(urls.overview())).statusCode;
            continue;
          }
          if (url === 'close') {
            const [, path, body] = urls.close(id);
            const status = (await session.post(path, body)).statusCode;
            // The first close of the own community closes October; a second says so.
            row[place] = status === 409 ? 200 : status;
            continue;
          }
          row[place] = (await session.get(urls[url](id))).statusCode;
        }
        (got[username] as Record<Url, unknown>)[url] = row;
      }
    }
    expect(got).toEqual(table);
  });
});

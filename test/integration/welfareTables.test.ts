import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TApplicationTableRow,
  TDecisionTableRow,
  TGrantTableRow,
  TNoticeTableRow,
} from '../../src/shared/contracts/welfareTables';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * The welfare office's tables (issue 23) on a real database: filters, sorting, paging and the total of
 * applications, decisions, emergency grants and public notices; another community's rows never listed;
 * ids outside the scope named in a filter answered as not found; the exports' rows, columns, scope and audit.
 */

async function sheetOf(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => {
        if (v === null || v === undefined) return '';
        if (v instanceof Date) return v.toISOString().slice(0, 10);
        return String(v);
      }),
    );
  });
  return rows;
}

/** Facts of a two-person household well under the dibao standard. */
const POOR = {
  members: 2,
  monthlyIncome: 600,
  deposits: 5000,
  securities: 0,
  vehicles: 0,
  homes: 1,
  floorArea: 40,
  localHukou: true,
};
const ALL_IN = [{ key: 'hukou', label: '户口本', received: true }];
const MISSING = [
  { key: 'hukou', label: '户口本', received: true },
  { key: 'income', label: '收入证明', received: false },
];
const NOBODY = '00000000-0000-4000-8000-000000000000';

type Member = { householdId: string; residentId: string; buildingId: string };

describe.each(DIALECTS)('the welfare tables on %s', (dialect) => {
  let t: TestApp;
  const sessions = new Map<string, SignedIn>();
  const as = (username: string) => sessions.get(username) as SignedIn;
  const signInAll = async () => {
    for (const name of [
      'worker',
      'committee',
      'subdistrict',
      'buildingleader',
      'c2.worker',
      'far.worker',
      'far.committee',
    ])
      sessions.set(name, await signIn(t.app, name));
  };
  const ok = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** Households of a community with someone living there, one per building as far as it goes. */
  const membersOf = async (communityId: string): Promise<Member[]> => {
    const rows = await t.database.db
      .selectFrom('resident')
      .innerJoin('household', 'household.id', 'resident.household_id')
      .select([
        'resident.id as residentId',
        'household.id as householdId',
        'household.building_id as buildingId',
      ])
      .where('resident.community_id', '=', communityId)
      .where('resident.moved_out_at', 'is', null)
      .where('household.moved_out_at', 'is', null)
      .orderBy('household.id')
      .orderBy('resident.id')
      .execute();
    const seen = new Set<string>();
    return rows.filter((r) => {
      if (seen.has(r.householdId)) return false;
      seen.add(r.householdId);
      return true;
    });
  };
  const fileFor = async (username: string, m: Member, documents = ALL_IN) =>
    ok(
      await as(username).post('/api/v1/welfare/applications', {
        householdId: m.householdId,
        applicantResidentId: m.residentId,
        policyId: 'dibao',
        documents,
      }),
    ).id as string;
  const grantFor = async (username: string, m: Member, hardship: string, amountFen: number) =>
    ok(
      await as(username).post('/api/v1/welfare/emergency-grants', {
        householdId: m.householdId,
        hardship,
        amountFen,
        reason: '家中突发困难',
      }),
    ).id as string;

  let own: Member[];
  let far: Member[];
  let sibling: Member[];
  const ids = {
    applications: [] as string[],
    missing: [] as string[],
    reviewed: [] as string[],
    farApplication: '',
    siblingApplication: '',
    notice: '',
    farNotice: '',
    grants: [] as string[],
    farGrant: '',
    decisions: [] as string[],
    farDecision: '',
  };
  let firstDay = '';
  let lastDay = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await signInAll();
    own = await membersOf(t.seed.communityIds[0] as string);
    sibling = await membersOf(t.seed.communityIds[1] as string);
    far = await membersOf(t.farCommunityId);
    // Day one: three applications (one missing a document), facts and decisions for two households.
    firstDay = new Date(t.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const m of own.slice(0, 2)) {
      ok(await as('worker').post(`/api/v1/welfare/households/${m.householdId}/facts`, POOR));
      ids.decisions.push(
        ok(
          await as('worker').post(`/api/v1/welfare/households/${m.householdId}/evaluations`, {
            policyId: 'dibao',
          }),
        ).id,
      );
    }
    ids.applications.push(await fileFor('worker', own[0] as Member));
    ids.applications.push(await fileFor('worker', own[1] as Member));
    const missing = await fileFor('worker', own[2] as Member, MISSING);
    ids.applications.push(missing);
    ids.missing.push(missing);
    ids.grants.push(await grantFor('worker', own[0] as Member, 'illness', 50_000));
    // Two days on: two more applications, two reviewed and put on a notice, more grants.
    t.clock.advanceMinutes(2 * 24 * 60);
    await signInAll();
    lastDay = new Date(t.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    ids.applications.push(await fileFor('worker', own[3] as Member));
    ids.applications.push(await fileFor('worker', own[4] as Member));
    for (const id of ids.applications.slice(0, 2)) {
      ok(await as('committee').post(`/api/v1/welfare/applications/${id}/review`, { approve: true }));
      ids.reviewed.push(id);
    }
    ids.notice = ok(
      await as('worker').post('/api/v1/welfare/notices', {
        policyId: 'dibao',
        applicationIds: ids.reviewed,
        objectionContact: '社区办公室 8888 6666',
      }),
    ).id;
    ok(
      await as('worker').post(`/api/v1/welfare/notices/${ids.notice}/objections`, {
        channel: 'desk',
        text: '他家条件比我好',
      }),
    );
    ids.grants.push(await grantFor('worker', own[3] as Member, 'accident', 20_000));
    ids.grants.push(await grantFor('worker', own[5] as Member, 'disaster', 120_000));
    // Another community's records, in another subdistrict and in the same one.
    ok(await as('far.worker').post(`/api/v1/welfare/households/${far[0]?.householdId}/facts`, POOR));
    ids.farDecision = ok(
      await as('far.worker').post(`/api/v1/welfare/households/${far[0]?.householdId}/evaluations`, {
        policyId: 'dibao',
      }),
    ).id;
    ids.farApplication = await fileFor('far.worker', far[0] as Member);
    ok(
      await as('far.committee').post(`/api/v1/welfare/applications/${ids.farApplication}/review`, {
        approve: true,
      }),
    );
    ids.farNotice = ok(
      await as('far.worker').post('/api/v1/welfare/notices', {
        policyId: 'dibao',
        applicationIds: [ids.farApplication],
        objectionContact: '远方社区办公室',
      }),
    ).id;
    ids.farGrant = await grantFor('far.worker', far[0] as Member, 'illness', 30_000);
    ids.siblingApplication = await fileFor('c2.worker', sibling[0] as Member);
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async <T>(who: string, path: string): Promise<{ total: number; items: T[] }> =>
    ok(await as(who).get(path));
  const idsOf = (items: { id: string }[]) => items.map((i) => i.id);
  const audits = async (action: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('applications', () => {
    const path = '/api/v1/welfare/tables/applications';

    it('lists the community’s applications only, with the total, latest first', async () => {
      const all = await list<TApplicationTableRow>('worker', path);
      expect(all.total).toBe(5);
      expect(new Set(idsOf(all.items))).toEqual(new Set(ids.applications));
      expect(idsOf(all.items)).not.toContain(ids.farApplication);
      expect(idsOf(all.items)).not.toContain(ids.siblingApplication);
      const filed = all.items.map((a) => a.filedAt);
      expect(filed).toEqual([...filed].sort().reverse());
      // The subdistrict reads both communities of its subdistrict, never the far one.
      const sub = await list<TApplicationTableRow>('subdistrict', `${path}?limit=500`);
      expect(new Set(idsOf(sub.items))).toEqual(new Set([...ids.applications, ids.siblingApplication]));
      const farView = await list<TApplicationTableRow>('far.worker', path);
      expect(idsOf(farView.items)).toEqual([ids.farApplication]);
    });

    it('pages with limit and offset, each row once, the total on every page', async () => {
      const all = idsOf((await list<TApplicationTableRow>('worker', `${path}?sort=address`)).items);
      const seen: string[] = [];
      for (let offset = 0; offset < 6; offset += 2) {
        const page = await list<TApplicationTableRow>(
          'worker',
          `${path}?sort=address&limit=2&offset=${offset}`,
        );
        expect(page.total).toBe(5);
        seen.push(...idsOf(page.items));
      }
      expect(seen).toEqual(all);
      const labels = (await list<TApplicationTableRow>('worker', `${path}?sort=-address`)).items.map(
        (a) => a.household.address.label,
      );
      const up = (await list<TApplicationTableRow>('worker', `${path}?sort=address`)).items.map(
        (a) => a.household.address.label,
      );
      expect(labels).toEqual([...up].reverse());
    });

    it('filters by status, missing documents, building, the search box and the days filed', async () => {
      const onNotice = await list<TApplicationTableRow>('worker', `${path}?status=on_notice`);
      expect(new Set(idsOf(onNotice.items))).toEqual(new Set(ids.reviewed));
      expect(onNotice.items.every((a) => a.noticeId === ids.notice)).toBe(true);
      const waiting = await list<TApplicationTableRow>('worker', `${path}?status=filed,reviewed`);
      expect(waiting.total).toBe(3);
      const missing = await list<TApplicationTableRow>('worker', `${path}?missingDocuments=yes`);
      expect(idsOf(missing.items)).toEqual(ids.missing);
      expect(missing.items[0]?.missingDocuments).toEqual(['收入证明']);
      expect((await list('worker', `${path}?missingDocuments=no`)).total).toBe(4);
      const building = own[2]?.buildingId as string;
      const inBuilding = await list<TApplicationTableRow>('worker', `${path}?buildingId=${building}`);
      const expected = own.slice(0, 5).filter((m) => m.buildingId === building).length;
      expect(inBuilding.total).toBe(expected);
      const first = (await list<TApplicationTableRow>('worker', path)).items[0] as TApplicationTableRow;
      const byAddress = await list<TApplicationTableRow>(
        'worker',
        `${path}?q=${encodeURIComponent(first.household.address.label)}`,
      );
      expect(idsOf(byAddress.items)).toContain(first.id);
      expect(byAddress.items.every((a) => a.household.address.label === first.household.address.label)).toBe(
        true,
      );
      const byName = await list<TApplicationTableRow>(
        'worker',
        `${path}?q=${encodeURIComponent(first.applicantName)}`,
      );
      expect(idsOf(byName.items)).toContain(first.id);
      expect((await list('worker', `${path}?from=${firstDay}&to=${firstDay}`)).total).toBe(3);
      expect((await list('worker', `${path}?from=${lastDay}`)).total).toBe(2);
      expect((await list('worker', `${path}?policyId=near-dibao`)).total).toBe(0);
      const notice = await list<TApplicationTableRow>('worker', `${path}?noticeId=${ids.notice}`);
      expect(new Set(idsOf(notice.items))).toEqual(new Set(ids.reviewed));
    });

    it('sorts by the flow’s order and by amount', async () => {
      const byStatus = (await list<TApplicationTableRow>('worker', `${path}?sort=status`)).items.map(
        (a) => a.status,
      );
      expect(byStatus).toEqual(['filed', 'filed', 'filed', 'on_notice', 'on_notice']);
      const amounts = (await list<TApplicationTableRow>('worker', `${path}?sort=-amount`)).items
        .map((a) => a.amountFen)
        .filter((a): a is number => a !== null);
      expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    });

    it('answers a notice or building outside the scope as not found, and records the attempt', async () => {
      const before = await audits('access.denied');
      const farNotice = await as('worker').get(`${path}?noticeId=${ids.farNotice}`);
      expect(farNotice.statusCode).toBe(404);
      expect(farNotice.json().error.code).toBe('welfare.notice_not_found');
      const unknown = await as('worker').get(`${path}?noticeId=${NOBODY}`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error).toEqual(farNotice.json().error);
      const farBuilding = await as('worker').get(`${path}?buildingId=${far[0]?.buildingId}`);
      expect(farBuilding.statusCode).toBe(404);
      expect(farBuilding.json().error.code).toBe('register.building_not_found');
      expect(await audits('access.denied')).toBe(before + 3);
      // The chain and the building leader read no welfare table.
      expect((await as('buildingleader').get(path)).statusCode).toBe(403);
      expect((await as('buildingleader').get(`${path}/export`)).statusCode).toBe(403);
    });

    it('audits each application listed as a welfare read', async () => {
      const before = await audits('read.sensitive');
      const page = await list('worker', `${path}?limit=3`);
      expect(page.items).toHaveLength(3);
      expect(await audits('read.sensitive')).toBe(before + 3);
    });

    it('exports exactly what the table shows, ID numbers audited one by one', async () => {
      const query =
        'status=filed,on_notice&sort=address&columns=applicant,address,status,missingDocuments,idNumber';
      const shown = await list<TApplicationTableRow>('worker', `${path}?${query}&limit=500`);
      const readsBefore = await audits('read.sensitive');
      const exportsBefore = await audits('welfare.export');
      const res = await as('worker').get(`${path}/export?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const sheet = await sheetOf(res.rawPayload);
      expect(sheet[0]).toEqual(['申请人', '门牌', '进度', '缺的材料', '申请人身份证号']);
      expect(sheet.slice(1).map((r) => r[1])).toEqual(shown.items.map((a) => a.household.address.label));
      expect(sheet.slice(1).map((r) => r[0])).toEqual(shown.items.map((a) => a.applicantName));
      const idNumbers = await t.database.db
        .selectFrom('welfare_application')
        .innerJoin('resident', 'resident.id', 'welfare_application.applicant_resident_id')
        .select(['welfare_application.id', 'resident.id_number'])
        .where(
          'welfare_application.id',
          'in',
          shown.items.map((a) => a.id),
        )
        .execute();
      const withId = idNumbers.filter((r) => r.id_number).length;
      for (const [i, a] of shown.items.entries())
        expect(sheet[i + 1]?.[4] ?? '').toBe(idNumbers.find((r) => r.id === a.id)?.id_number ?? '');
      expect(await audits('welfare.export')).toBe(exportsBefore + 1);
      // One welfare read per application exported and one identity read per ID number.
      expect(await audits('read.sensitive')).toBe(readsBefore + shown.total + withId);
      const identity = await t.database.db
        .selectFrom('audit_event')
        .select('resident_id')
        .where('purpose', '=', 'welfare_applications_export')
        .execute();
      expect(withId).toBeGreaterThan(0);
      expect(identity).toHaveLength(withId);
      // Far away: only its own application.
      const farSheet = await sheetOf(
        (await as('far.worker').get(`${path}/export?columns=address`)).rawPayload,
      );
      expect(farSheet).toHaveLength(2);
      expect((await as('worker').get(`${path}/export?columns=address,salary`)).statusCode).toBe(400);
    });
  });

  describe('decisions', () => {
    const path = '/api/v1/welfare/tables/decisions';

    it('lists the decisions of the caller’s communities with filters and sorting', async () => {
      const all = await list<TDecisionTableRow>('worker', path);
      // Two evaluations kept by hand and one with each of the five applications.
      expect(all.total).toBe(7);
      expect(idsOf(all.items)).toEqual(expect.arrayContaining(ids.decisions));
      expect(idsOf(all.items)).not.toContain(ids.farDecision);
      const household = own[0]?.householdId as string;
      const ofOne = await list<TDecisionTableRow>('worker', `${path}?householdId=${household}`);
      expect(ofOne.total).toBe(2);
      expect(ofOne.items.every((d) => d.household.householdId === household)).toBe(true);
      const eligible = await list<TDecisionTableRow>('worker', `${path}?outcome=eligible`);
      expect(eligible.items.every((d) => d.outcome === 'eligible')).toBe(true);
      const others = await list<TDecisionTableRow>('worker', `${path}?outcome=not_eligible,needs_evidence`);
      expect(eligible.total + others.total).toBe(7);
      const made = all.items.map((d) => d.createdAt);
      expect(made).toEqual([...made].sort().reverse());
      const old = (await list<TDecisionTableRow>('worker', `${path}?sort=made`)).items.map(
        (d) => d.createdAt,
      );
      expect(old).toEqual([...made].reverse());
      expect((await list('worker', `${path}?to=${firstDay}`)).total).toBe(5);
      const paged = await list<TDecisionTableRow>('worker', `${path}?limit=3&offset=6`);
      expect(paged.total).toBe(7);
      expect(idsOf(paged.items)).toEqual(idsOf(all.items).slice(6));
    });

    it('answers a household outside the scope as not found', async () => {
      const farHousehold = await as('worker').get(`${path}?householdId=${far[0]?.householdId}`);
      expect(farHousehold.statusCode).toBe(404);
      expect(farHousehold.json().error.code).toBe('registry.household_not_found');
      const unknown = await as('worker').get(`${path}?householdId=${NOBODY}`);
      expect(unknown.json().error).toEqual(farHousehold.json().error);
    });

    it('exports the decisions shown, each audited as a welfare read', async () => {
      const shown = await list<TDecisionTableRow>('worker', `${path}?sort=-made&limit=500`);
      const before = await audits('read.sensitive');
      const res = await as('worker').get(`${path}/export?sort=-made&columns=address,policy,outcome,amount`);
      const sheet = await sheetOf(res.rawPayload);
      expect(sheet[0]).toEqual(['门牌', '政策', '认定结果', '每月金额（元）']);
      expect(sheet.slice(1).map((r) => r[0])).toEqual(shown.items.map((d) => d.household.address.label));
      expect(sheet.slice(1).map((r) => r[3] ?? '')).toEqual(
        shown.items.map((d) => (d.amountFen === null ? '' : String(d.amountFen / 100))),
      );
      expect(await audits('read.sensitive')).toBe(before + shown.total);
    });
  });

  describe('emergency grants', () => {
    const path = '/api/v1/welfare/tables/grants';

    it('lists the grants with the sum of all that match, filtered and sorted', async () => {
      const all = await list<TGrantTableRow>('worker', path);
      expect(all.total).toBe(3);
      expect(new Set(idsOf(all.items))).toEqual(new Set(ids.grants));
      expect(ok(await as('worker').get(path)).totalFen).toBe(190_000);
      const byAmount = (await list<TGrantTableRow>('worker', `${path}?sort=-amount`)).items.map(
        (g) => g.amountFen,
      );
      expect(byAmount).toEqual([120_000, 50_000, 20_000]);
      const illness = ok(await as('worker').get(`${path}?hardship=illness,disaster&limit=1`));
      expect(illness.total).toBe(2);
      expect(illness.items).toHaveLength(1);
      expect(illness.totalFen).toBe(170_000);
      expect((await list('worker', `${path}?from=${lastDay}&to=${lastDay}`)).total).toBe(2);
      const farView = await list<TGrantTableRow>('far.worker', path);
      expect(idsOf(farView.items)).toEqual([ids.farGrant]);
    });

    it('filters by papers: due, and done once completed', async () => {
      const due = await list<TGrantTableRow>('worker', `${path}?papers=due`);
      const none = await list<TGrantTableRow>('worker', `${path}?papers=none`);
      expect(due.total + none.total).toBe(3);
      expect(due.items.every((g) => g.papersDueOn !== null && !g.papersOverdue)).toBe(true);
      const first = due.items.find((g) => g.id === ids.grants[0]);
      expect(first).toBeDefined();
      ok(
        await as('worker').post(`/api/v1/welfare/emergency-grants/${ids.grants[0]}/papers`, {
          completedOn: lastDay,
        }),
      );
      expect(idsOf((await list<TGrantTableRow>('worker', `${path}?papers=done`)).items)).toEqual([
        ids.grants[0],
      ]);
      expect((await list('worker', `${path}?papers=overdue`)).total).toBe(0);
    });

    it('exports the grants in the table’s order with amounts in yuan, each audited', async () => {
      const shown = await list<TGrantTableRow>('worker', `${path}?sort=amount&limit=500`);
      const before = await audits('read.sensitive');
      const res = await as('worker').get(`${path}/export?sort=amount&columns=address,hardship,amount`);
      const sheet = await sheetOf(res.rawPayload);
      expect(sheet).toEqual([
        ['门牌', '困难原因', '金额（元）'],
        ...shown.items.map((g) => [
          g.household.address.label,
          { illness: '因病', accident: '意外', disaster: '灾害' }[g.hardship],
          String(g.amountFen / 100),
        ]),
      ]);
      expect(await audits('read.sensitive')).toBe(before + 3);
    });
  });

  describe('public notices', () => {
    const path = '/api/v1/welfare/tables/notices';

    it('lists the community’s notices with their counts, filtered', async () => {
      const all = await list<TNoticeTableRow>('worker', path);
      expect(idsOf(all.items)).toEqual([ids.notice]);
      const notice = all.items[0] as TNoticeTableRow;
      expect(notice).toMatchObject({ entries: 2, objections: 1, unanswered: 1, policyId: 'dibao' });
      expect(notice.workingDaysLeft).toBeGreaterThan(0);
      expect(notice.title).toContain('公示');
      expect((await list('worker', `${path}?running=running`)).total).toBe(1);
      expect((await list('worker', `${path}?running=ended`)).total).toBe(0);
      expect((await list('worker', `${path}?unanswered=yes`)).total).toBe(1);
      expect((await list('worker', `${path}?to=${firstDay}`)).total).toBe(0);
      expect(idsOf((await list<TNoticeTableRow>('far.worker', path)).items)).toEqual([ids.farNotice]);
      const sub = await list<TNoticeTableRow>('subdistrict', path);
      expect(idsOf(sub.items)).toEqual([ids.notice]);
    });

    it('exports the notices shown', async () => {
      const res = await as('worker').get(`${path}/export?columns=title,entries,unanswered`);
      expect(await sheetOf(res.rawPayload)).toEqual([
        ['公示', '公示人数', '未答复异议'],
        ['最低生活保障（低保）公示', '2', '1'],
      ]);
      const en = await as('worker').get(`${path}/export?columns=entries`, { 'accept-language': 'en' });
      expect((await sheetOf(en.rawPayload))[0]).toEqual(['Applications']);
    });
  });

  // Last, as it moves the clock on: papers not completed within five days are late, the notice is over.
  it('once the five days have passed, the papers still missing are overdue and the notice has ended', async () => {
    t.clock.advanceMinutes(10 * 24 * 60);
    await signInAll();
    const grants = '/api/v1/welfare/tables/grants';
    const overdue = await list<TGrantTableRow>('worker', `${grants}?papers=overdue`);
    expect(new Set(idsOf(overdue.items))).toEqual(new Set(ids.grants.slice(1)));
    expect(overdue.items.every((g) => g.papersOverdue && g.papersCompletedOn === null)).toBe(true);
    expect((await list('worker', `${grants}?papers=due`)).total).toBe(0);
    expect(idsOf((await list<TGrantTableRow>('worker', `${grants}?papers=done`)).items)).toEqual([
      ids.grants[0],
    ]);
    const sheet = await sheetOf(
      (await as('worker').get(`${grants}/export?papers=overdue&columns=papers`)).rawPayload,
    );
    expect(sheet.slice(1).every((r) => r[0]?.startsWith('逾期'))).toBe(true);
    const notices = '/api/v1/welfare/tables/notices';
    const ended = await list<TNoticeTableRow>('worker', `${notices}?running=ended`);
    expect(idsOf(ended.items)).toEqual([ids.notice]);
    expect(ended.items[0]?.workingDaysLeft).toBe(0);
    expect((await list('worker', `${notices}?running=running`)).total).toBe(0);
  });

  it('describes the tables in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, { get: { parameters: { name: string }[] } }>;
    for (const table of ['applications', 'decisions', 'grants', 'notices']) {
      const names = paths[`/api/v1/welfare/tables/${table}`]?.get.parameters.map((p) => p.name) ?? [];
      expect(names).toEqual(expect.arrayContaining(['limit', 'offset', 'sort', 'from', 'to']));
      expect(paths[`/api/v1/welfare/tables/${table}/export`]).toBeDefined();
    }
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFile } from '../support/multipart';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

const FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://example.com","点我")', '+1+1', '-1+1', '@SUM(1)'];

async function sheetRows(bytes: Buffer): Promise<ExcelJS.CellValue[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: ExcelJS.CellValue[][] = [];
  workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

describe.each(DIALECTS)('spreadsheets in and out on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes formula-looking names and relations into the register export as text behind an apostrophe', async () => {
    const residents = await t.database.db
      .selectFrom('resident')
      .where('community_id', '=', t.seed.communityIds[0] as string)
      .select('id')
      .orderBy('id')
      .limit(FORMULAS.length)
      .execute();
    for (const [i, r] of residents.entries()) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/residents/${r.id}`,
        payload: { name: FORMULAS[i], relation: FORMULAS[i]?.slice(0, 20) },
        headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrfToken },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const exported = await worker.get('/api/v1/register/export');
    expect(exported.statusCode).toBe(200);
    const cells = (await sheetRows(exported.rawPayload)).flat();
    expect(cells.some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false);
    for (const formula of FORMULAS) {
      expect(cells).toContain(`'${formula}`);
      expect(cells).not.toContain(formula);
    }
  });

  it('writes formula-looking report descriptions into the reports export as text behind an apostrophe', async () => {
    const household = await t.database.db
      .selectFrom('household')
      .where('community_id', '=', t.seed.communityIds[0] as string)
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    for (const formula of FORMULAS) {
      const res = await worker.post('/api/v1/reports', {
        category: 'repairs',
        householdId: household.id,
        description: formula,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const exported = await worker.get('/api/v1/reports.xlsx?state=all&columns=description');
    expect(exported.statusCode).toBe(200);
    const cells = (await sheetRows(exported.rawPayload)).flat();
    expect(cells.some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false);
    for (const formula of FORMULAS) {
      expect(cells).toContain(`'${formula}`);
      expect(cells).not.toContain(formula);
    }
  });

  it('reports a formula cell saved without its result instead of importing "[object Object]"', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('登记表');
    sheet.addRow(['楼号', '单元', '门牌号', '姓名', '性别']);
    sheet.addRow(['1', '1', '9901', { formula: 'CONCAT("张","三")', result: '张三' }, '男']);
    sheet.addRow(['1', '1', '9902', { formula: 'CONCAT("李","四")' }, '女']);
    const file = { content: Buffer.from(await workbook.xlsx.writeBuffer()), filename: '登记表.xlsx' };
    const res = await postFile(worker, '/api/v1/register/import?dryRun=true', file);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as {
      summary: { data_rows: number; importable_rows: number };
      issues: { row: number; column: string; reason: string; message: string }[];
    };
    expect(report.summary).toMatchObject({ data_rows: 2, importable_rows: 1 });
    expect(report.issues).toEqual([
      expect.objectContaining({ row: 3, column: '姓名', reason: 'formula_without_value' }),
    ]);
    expect(report.issues[0]?.message).toContain('公式');
    expect(res.body).not.toContain('[object Object]');
  });
});

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseRows } from '../../src/domain/register/importRows';
import { countAuditEvents } from '../../src/server/audit/audit.repository';
import { type Database, openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import {
  checkRegisterFile,
  exportRegister,
  importRegister,
  ownerAuthority,
} from '../../src/server/register/import/import.usecases';
import { seedDemo } from '../../src/server/seed/demo';
import { FIELD_CLASSES } from '../../src/shared/fieldClasses';
import { idCheckChar } from '../../src/shared/idNumber';
import { createTestApp, type SignedIn, signIn, TEST_SHAPE, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

// Copies of ../shared/data (the workers' sample registers and their expected outcomes), kept in the
// repository so the tests run on any clone.
const DATA = path.resolve(import.meta.dirname, '../fixtures/register');
const EXPECT = JSON.parse(fs.readFileSync(path.join(DATA, 'register-sample.expect.json'), 'utf8')) as Record<
  'xlsx' | 'csv',
  Record<string, unknown> & { file: string }
>;
const COUNT_FIELDS = [
  'data_rows',
  'importable_rows',
  'error_rows',
  'errors_by_reason',
  'warnings_by_reason',
  'households',
] as const;

function expectSummary(summary: Record<string, unknown>, which: 'xlsx' | 'csv') {
  const { file: _file, ...expected } = EXPECT[which];
  for (const field of COUNT_FIELDS) expect(summary[field], field).toEqual(expected[field]);
  expect(summary).toMatchObject(expected);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-import-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tmpFile(name: string, content: Buffer | string): string {
  const file = path.join(tmp, `${randomUUID()}-${name}`);
  fs.writeFileSync(file, content);
  return file;
}

function validId(prefix17: string): string {
  return prefix17 + idCheckChar(prefix17);
}

function multipart(fileName: string, content: Buffer) {
  const boundary = `----linli${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(session: SignedIn, url: string, file: string) {
  const body = multipart(path.basename(file), fs.readFileSync(file));
  return session.post(url, body.payload, body.headers);
}

async function readWorkbook(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe.each(DIALECTS)('register import and export on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let communityId: string;
  const residentCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('resident')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('community_id', '=', communityId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
    communityId = t.seed.communityIds[0] as string;
  });
  afterAll(async () => t.close());

  it('a dry run of each sample reports exactly the expected outcome and writes nothing', async () => {
    const before = await residentCount();
    for (const which of ['xlsx', 'csv'] as const) {
      const res = await upload(
        worker,
        '/api/v1/register/import?dryRun=true',
        path.join(DATA, EXPECT[which].file),
      );
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expectSummary(report.summary, which);
      expect(report.committed).toBe(false);
      expect(report.created).toEqual({ households: 0, residents: 0 });
    }
    expect(await residentCount()).toBe(before);
  });

  it('reports issues in the caller’s language, and as .xlsx', async () => {
    const file = path.join(DATA, EXPECT.xlsx.file);
    const zh = (await upload(worker, '/api/v1/register/import', file)).json();
    const phoneZh = zh.issues.find((i: { reason: string }) => i.reason === 'phone_invalid');
    expect(phoneZh).toMatchObject({ row: 120, column: '联系电话', severity: 'warning' });
    expect(phoneZh.message).toContain('电话号码 12345');
    const body = multipart('register-sample.xlsx', fs.readFileSync(file));
    const en = (
      await worker.post('/api/v1/register/import', body.payload, { ...body.headers, 'accept-language': 'en' })
    ).json();
    expect(en.issues.find((i: { reason: string }) => i.reason === 'phone_invalid').message).toContain(
      'imported without it',
    );
    const report = await upload(worker, '/api/v1/register/import/report.xlsx', file);
    expect(report.statusCode).toBe(200);
    const rows = await readWorkbook(report.rawPayload);
    expect(rows[0]).toEqual(['行', '列', '级别', '原因', '说明']);
    expect(rows.slice(1).map((r) => r[3])).toEqual(zh.issues.map((i: { reason: string }) => i.reason));
  });

  it('imports in one go, and a second import of the same file creates nothing; a changed phone is updated', async () => {
    const before = await residentCount();
    const auditBefore = await countAuditEvents(t.database.db, { action: 'register.import' });
    const file = path.join(DATA, EXPECT.xlsx.file);
    const first = await upload(worker, '/api/v1/register/import?dryRun=false', file);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      committed: true,
      created: { residents: 127 },
      updated: { residents: 0 },
    });
    expect(await residentCount()).toBe(before + 127);
    expect(await countAuditEvents(t.database.db, { action: 'register.import' })).toBe(auditBefore + 1);
    const changes = await t.database.db
      .selectFrom('register_change')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'import')
      .executeTakeFirstOrThrow();
    expect(Number(changes.n)).toBe(127);
    const imported = await t.database.db
      .selectFrom('resident')
      .selectAll()
      .where('id_number', '=', '11010719890706681X')
      .executeTakeFirstOrThrow();
    expect(imported).toMatchObject({ name: '顾华珍', birth_date: '1989-07-06', name_initials: 'ghz' });
    // Row 99 had no birth date: it comes from the ID number. Row 88's name had stray spaces.
    expect(
      (
        await t.database.db.selectFrom('resident').select('birth_date').where('name', '=', '田军建').execute()
      )[0],
    ).toEqual({ birth_date: '1977-10-11' });
    expect(
      await t.database.db.selectFrom('resident').select('id').where('name', '=', '萧丽').execute(),
    ).toHaveLength(1);

    const again = await upload(worker, '/api/v1/register/import?dryRun=false', file);
    expect(again.json()).toMatchObject({
      committed: true,
      created: { households: 0, residents: 0 },
      updated: { residents: 0 },
    });
    expect(await residentCount()).toBe(before + 127);

    const csv = tmpFile(
      'phone.csv',
      '楼号,单元,门牌号,姓名,性别,身份证号,联系电话\r\n6,1,401,金英娟,男,110107196309074458,13900000001\r\n',
    );
    const changed = await upload(worker, '/api/v1/register/import?dryRun=false', csv);
    expect(changed.json()).toMatchObject({ created: { residents: 0 }, updated: { residents: 1 } });
    const updated = await t.database.db
      .selectFrom('resident')
      .select(['phone', 'phone_tail'])
      .where('id_number', '=', '110107196309074458')
      .executeTakeFirstOrThrow();
    expect(updated).toEqual({ phone: '13900000001', phone_tail: '0001' });
    expect(await residentCount()).toBe(before + 127);
  });

  it('lets only workers and the committee import, and not into a community outside their own', async () => {
    const file = path.join(DATA, EXPECT.csv.file);
    for (const username of ['buildingleader', 'admin', 'subdistrict']) {
      const res = await upload(await signIn(t.app, username), '/api/v1/register/import', file);
      expect(res.statusCode, username).toBe(403);
    }
    const other = await upload(worker, `/api/v1/register/import?communityId=${t.farCommunityId}`, file);
    expect(other.statusCode).toBe(404);
    const admin = await signIn(t.app, 'admin');
    expect((await admin.get('/api/v1/register/export')).statusCode).toBe(403);
    expect((await (await signIn(t.app, 'buildingleader')).get('/api/v1/register/export')).statusCode).toBe(
      403,
    );
  });

  it('exports the caller’s community only, with ID numbers audited one by one', async () => {
    const readsBefore = await countAuditEvents(t.database.db, { action: 'read.sensitive' });
    const res = await worker.get('/api/v1/register/export');
    expect(res.statusCode, res.body).toBe(200);
    const rows = await readWorkbook(res.rawPayload);
    const header = rows[0] as string[];
    expect(header).toContain('身份证号');
    const idColumn = header.indexOf('身份证号');
    expect(rows.length - 1).toBe(await residentCount());
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(['幸福里社区']));
    const withId = rows.slice(1).filter((r) => r[idColumn]).length;
    expect(await countAuditEvents(t.database.db, { action: 'read.sensitive' })).toBe(readsBefore + withId);

    // The export reads back into the same register without creating anyone.
    const file = tmpFile('export.xlsx', res.rawPayload);
    const back = await upload(worker, '/api/v1/register/import?dryRun=false', file);
    expect(back.json()).toMatchObject({ created: { households: 0, residents: 0 } });
  });

  it('leaves the ID number column out for a scope without identity, and audits no read', async () => {
    const owner = await ownerAuthority(t.database.db, communityId);
    const limited = {
      ...owner,
      scope: { ...owner.scope, fieldClasses: new Set(FIELD_CLASSES.filter((c) => c !== 'identity')) },
    };
    const readsBefore = await countAuditEvents(t.database.db, { action: 'read.sensitive' });
    const out = path.join(tmp, `${randomUUID()}.xlsx`);
    await exportRegister({ db: t.database.db, clock: t.clock }, limited, {}, out);
    const rows = await readWorkbook(fs.readFileSync(out));
    expect(rows[0]).not.toContain('身份证号');
    expect(JSON.stringify(rows)).not.toMatch(/\d{17}[\dX]/);
    expect(await countAuditEvents(t.database.db, { action: 'read.sensitive' })).toBe(readsBefore);
  });

  it('offers the template, refuses a request without a file, and appears in the OpenAPI document', async () => {
    const template = await worker.get('/api/v1/register/import/template');
    expect(template.statusCode).toBe(200);
    const rows = await readWorkbook(template.rawPayload);
    expect(rows[0]).toEqual([
      '楼号',
      '单元',
      '门牌号',
      '姓名',
      '性别',
      '与户主关系',
      '出生日期',
      '身份证号',
      '联系电话',
      '特殊情况',
      '备注',
    ]);
    const file = tmpFile('template.xlsx', template.rawPayload);
    const { summary } = await (async () => {
      const checked = await checkRegisterFile(file);
      return { summary: summariseRows(checked.dataRows, checked.issues, checked.residents) };
    })();
    expect(summary).toMatchObject({ data_rows: 1, importable_rows: 1, error_rows: 0 });
    const empty = await worker.post('/api/v1/register/import', { a: 1 });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('import.file_missing');
    const garbage = await upload(
      worker,
      '/api/v1/register/import',
      tmpFile('x.xlsx', Buffer.from('PK\u0003\u0004nonsense')),
    );
    expect(garbage.json().error.code).toBe('import.unreadable_file');
    const openapi = (await worker.get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    for (const p of [
      '/api/v1/register/import',
      '/api/v1/register/import/template',
      '/api/v1/register/export',
    ]) {
      expect(Object.keys(openapi.paths)).toContain(p);
    }
  });

  it('streams a file of several batches into one transaction, matching rows across batches', async () => {
    const rows = ['楼号,单元,门牌号,姓名,性别,身份证号,联系电话'];
    for (let i = 0; i < 1_150; i++) {
      const id = validId(`320102198001${String(10_000 + i).slice(-5)}`.slice(0, 17));
      rows.push(`77,${1 + (i % 3)},${101 + Math.floor(i / 6)},居民${i},${i % 2 ? '男' : '女'},${id},`);
    }
    const csv = tmpFile('batches.csv', `${rows.join('\r\n')}\r\n`);
    const owner = await ownerAuthority(t.database.db, communityId);
    const deps = { db: t.database.db, clock: t.clock };
    const first = await importRegister(deps, owner, csv, { dryRun: false, lang: 'zh-CN' });
    expect(first.summary).toMatchObject({ data_rows: 1_150, importable_rows: 1_150, error_rows: 0 });
    expect(first).toMatchObject({
      committed: true,
      created: { residents: 1_150 },
      updated: { residents: 0 },
    });
    const history = await t.database.db
      .selectFrom('register_change')
      .innerJoin('resident', 'resident.id', 'register_change.resident_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('register_change.action', '=', 'import')
      .where('resident.name', 'like', '居民%')
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(1_150);
    const again = await importRegister(deps, owner, csv, { dryRun: false, lang: 'zh-CN' });
    expect(again).toMatchObject({
      committed: true,
      created: { households: 0, residents: 0 },
      updated: { residents: 0 },
    });
  });

  it('a file with only errors commits nothing', async () => {
    const before = await residentCount();
    const csv = tmpFile('bad.csv', '楼号,门牌号,姓名,身份证号\n1,101,,110107196309074458\n');
    const owner = await ownerAuthority(t.database.db, communityId);
    const report = await importRegister({ db: t.database.db, clock: t.clock }, owner, csv, {
      dryRun: false,
      lang: 'zh-CN',
    });
    expect(report.summary).toMatchObject({
      data_rows: 1,
      importable_rows: 0,
      errors_by_reason: { name_missing: 1 },
    });
    expect(await residentCount()).toBe(before);
  });
});

describe('awkward files', () => {
  const summaryOf = async (file: string) => {
    const checked = await checkRegisterFile(file);
    return { checked, summary: summariseRows(checked.dataRows, checked.issues, checked.residents) };
  };

  it('finds the data sheet after an instructions sheet, and the header below three title rows', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('填表说明').addRow(['请按下表填写，身份证号请设为文本格式']);
    const sheet = workbook.addWorksheet('三号楼');
    sheet.addRow(['某某社区居民花名册']);
    sheet.mergeCells('A1:H1');
    sheet.addRow(['填报单位：某某社区']);
    sheet.addRow([]);
    sheet.addRow([
      '楼栋号',
      '单元号',
      '房间号',
      '姓 名',
      '性别',
      '出生年月日',
      '公民身份号码',
      '手机号',
      '民族',
    ]);
    const a = validId('11010719360503001');
    sheet.addRow(['３', '２', '１２０１', '王 大 妈', '女性', 13273, a, '１３９１２３４５６７８', '汉族']);
    sheet.addRow([
      3,
      2,
      401,
      '李四',
      '男性',
      new Date(Date.UTC(1936, 4, 3)),
      validId('11010719360503011'),
      13912345678,
    ]);
    sheet.addRow([3, 2, '401.0', '赵五', '', '1936年5月3日', validId('11010719360503021'), '']);
    sheet.addRow([3, 2, 402, '钱六', '男', '1936/05/03', validId('11010719360503031'), '']);
    sheet.addRow([3, 2, 402, '孙七', '男', '1936.5.3', validId('11010719360503041'), '']);
    // Find a sequence number whose check character is X, to test the lower-case x.
    let withX = '';
    for (let d = 0; d < 100 && !withX; d++) {
      const first17 = `110107193605030${String(d).padStart(2, '0')}`;
      if (idCheckChar(first17) === 'X') withX = `${first17}x`;
    }
    sheet.addRow([3, 2, 402, '周八', '男', '', withX, '']);
    const file = tmpFile('awkward.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const { checked, summary } = await summaryOf(file);
    expect(checked.layout).toMatchObject({ sheet: '三号楼', headerRow: 4, titleRows: 3 });
    expect(checked.issues).toEqual([]);
    expect(summary).toMatchObject({ data_rows: 6, importable_rows: 6, households: 3 });
    const [wang, li, zhao, , , zhou] = checked.residents;
    expect(wang).toMatchObject({
      name: '王大妈',
      room: '1201',
      floor: 12,
      gender: 'female',
      phone: '13912345678',
    });
    expect(wang?.birthDate).toBe('1936-05-03');
    expect(li).toMatchObject({
      room: '401',
      floor: 4,
      gender: 'male',
      birthDate: '1936-05-03',
      phone: '13912345678',
    });
    expect(zhao).toMatchObject({ room: '401', birthDate: '1936-05-03' });
    expect(zhou?.idNumber).toBe(withX.toUpperCase());
    expect(zhou?.birthDate).toBe('1936-05-03');
  });

  it('reads a UTF-8 CSV with a BOM, quoted fields and IDs shown as 1.10107E+17', async () => {
    const csv = [
      '\ufeff"楼号","单元","门牌号","姓名","性别","身份证号","联系电话","特殊情况"',
      `1,1,101,"张, 三",男,${validId('11010719360503001')},13912345678,"独居；听力障碍；残疾"`,
      '1,1,101,李四,男,1.10107E+17,,',
      '',
    ].join('\r\n');
    const { checked, summary } = await summaryOf(tmpFile('bom.csv', csv));
    expect(checked.layout).toMatchObject({ encoding: 'UTF-8', headerRow: 1, titleRows: 0 });
    expect(summary).toMatchObject({
      data_rows: 2,
      importable_rows: 1,
      errors_by_reason: { id_stored_as_number: 1 },
    });
    expect(checked.residents[0]).toMatchObject({
      name: '张, 三',
      careTags: ['hard_of_hearing', 'lives_alone'],
    });
  });

  it('refuses a file with no register header', async () => {
    await expect(checkRegisterFile(tmpFile('nothing.csv', 'a,b,c\n1,2,3\n'))).rejects.toMatchObject({
      code: 'import.no_header',
    });
  });
});

describe('the linli import command', () => {
  const dataDir = path.join(tmp, 'cli-data');
  let database: Database;
  beforeAll(async () => {
    database = openDatabase({ dataDir });
    await migrateToLatest(database);
    await seedDemo(database.db, () => new Date(), { shape: TEST_SHAPE });
  });
  afterAll(async () => database.close());

  it('prints the expected summary of a dry run as one JSON object', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.resolve('bin/linli.js'), 'import', path.join(DATA, EXPECT.csv.file), '--dry-run', '--json'],
      { env: { ...process.env, DATABASE_URL: '', LINLI_DATA_DIR: dataDir }, timeout: 120_000 },
    );
    expectSummary(JSON.parse(stdout), 'csv');
  });
});

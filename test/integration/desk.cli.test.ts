import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { seedDemo } from '../../src/server/seed/demo';
import { pdfText } from '../support/pdfText';
import { TEST_SHAPE } from '../support/testApp';

const run = promisify(execFile);
const BIN = path.resolve('bin/linli.js');

/** `linli report monthly`, run as a user would, in its own process, on a seeded SQLite database. */
describe('linli report monthly', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-desk-cli-'));
  const dataDir = path.join(tmp, 'data');
  let database: Database;
  let subdistrictId: string;
  let communityIds: string[];
  beforeAll(async () => {
    database = openDatabase({ dataDir });
    await migrateToLatest(database);
    const seed = await seedDemo(database.db, () => new Date('2026-11-29T02:00:00Z'), {
      shape: TEST_SHAPE,
      extraCommunities: 1,
    });
    communityIds = seed.communityIds;
    subdistrictId = (
      await database.db.selectFrom('community').select('subdistrict_id').executeTakeFirstOrThrow()
    ).subdistrict_id;
    await database.close();
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const linli = (args: string[]) =>
    run(process.execPath, [BIN, 'report', 'monthly', ...args], {
      env: { ...process.env, DATABASE_URL: '', LINLI_DATA_DIR: dataDir },
      timeout: 120_000,
    });

  it('writes one community as a PDF and the subdistrict as a workbook, side by side', async () => {
    const pdf = path.join(tmp, 'one.pdf');
    const one = await linli(['--month', '2026-11', '--community', communityIds[0] as string, '--out', pdf]);
    expect(one.stdout).toContain('1 communities');
    expect(pdfText(fs.readFileSync(pdf)).replace(/\s+/g, '')).toContain('诉求分类');

    const xlsx = path.join(tmp, 'all.xlsx');
    const all = await linli(['--month', '2026-11', '--subdistrict', subdistrictId, '--out', xlsx]);
    expect(all.stdout).toContain(`${communityIds.length} communities`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.getWorksheet('各社区对比')?.rowCount).toBe(1 + communityIds.length);

    // Two communities and none named: the report asks which.
    await expect(linli(['--month', '2026-11', '--out', xlsx])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('请选择'),
    });
  }, 240_000);
});

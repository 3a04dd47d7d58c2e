import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFile } from '../support/multipart';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';
import { writeXlsxBomb } from '../support/zipBomb';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bomb-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('an .xlsx that inflates far beyond any register', () => {
  it('is refused as import.too_large by a reader with a 128 MB heap, whose memory stays under 400 MB', async () => {
    const strings = path.join(dir, 'strings.xlsx');
    const cell = path.join(dir, 'cell.xlsx');
    // About 2 MB and 1 MB on disk; 0.9 GB of shared strings, and one cell of 1 GB.
    expect(writeXlsxBomb(strings, { sharedStringsMiB: 1000 }).bytesOnDisk).toBeLessThan(3_000_000);
    expect(writeXlsxBomb(cell, { cellMiB: 1024 }).bytesOnDisk).toBeLessThan(2_000_000);
    const child = await promisify(execFile)(
      process.execPath,
      ['--max-old-space-size=128', '--import', 'tsx', 'test/support/readRegisterInChild.ts', strings, cell],
      { timeout: 60_000 },
    );
    const lines = child.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ outcome: 'import.too_large', params: { part: 'xl/sharedStrings.xml' } });
    expect(lines[1]).toMatchObject({
      outcome: 'import.too_large',
      params: { part: 'xl/worksheets/sheet1.xml' },
    });
    expect(lines[2].maxRssMiB).toBeLessThan(400);
  }, 90_000);
});

describe.each(DIALECTS)('the import route refusing a zip bomb on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers 413 with a plain message in the caller's language, and the server answers after it", async () => {
    const bomb = path.join(dir, `route-${dialect}.xlsx`);
    writeXlsxBomb(bomb, { sharedStringsMiB: 64 });
    const file = { content: fs.readFileSync(bomb), filename: '登记表.xlsx' };
    const zh = await postFile(worker, '/api/v1/register/import?dryRun=true', file);
    expect(zh.statusCode, zh.body).toBe(413);
    expect(zh.json().error).toMatchObject({ code: 'import.too_large' });
    expect(zh.json().error.message).toContain('32 MB');
    const report = await postFile(worker, '/api/v1/register/import/report.xlsx', file);
    expect(report.statusCode).toBe(413);
    const en = await postFile(worker, '/api/v1/register/import?dryRun=true', file, {
      'accept-language': 'en',
    });
    expect(en.json().error.message).toContain('larger than 32 MB');
    expect(en.statusCode).toBe(413);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});

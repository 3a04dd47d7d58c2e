import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/server/audit/audit.repository';
import { type Database, openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { seedDemo } from '../../src/server/seed/demo';
import { linli } from '../support/linliCommand';
import { TEST_SHAPE } from '../support/testApp';

async function counts(database: Database) {
  const count = async (table: 'household' | 'resident' | 'user_account' | 'liaison_position') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    households: await count('household'),
    residents: await count('resident'),
    users: await count('user_account'),
    positions: await count('liaison_position'),
  };
}

describe('the linli command', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-cli-'));
  const dataDir = path.join(tmp, 'data');
  let database: Database;
  beforeAll(async () => {
    database = openDatabase({ dataDir });
    await migrateToLatest(database);
    await seedDemo(database.db, () => new Date(), { shape: TEST_SHAPE });
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('explains itself with --help, on every command', async () => {
    const top = await linli(['--help'], {});
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed-demo', 'user', 'audit', 'backup', 'restore']) {
      expect(top.stdout).toContain(command);
    }
    const user = await linli(['user', 'add', '--help'], {});
    expect(user.stdout).toContain('--role');
  });

  it('backs up while the database is being written to, restores into a new folder, and the copy verifies', async () => {
    const before = await counts(database);
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        await database.db
          .transaction()
          .execute((trx) => appendAudit(trx, new Date(), [{ action: 'test.write', outcome: 'success' }]));
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const backupFolder = path.join(tmp, 'backup');
    const backup = await linli(['backup', backupFolder], { LINLI_DATA_DIR: dataDir });
    writing = false;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    expect(writes).toBeGreaterThan(0);

    const restoredDir = path.join(tmp, 'restored');
    const restore = await linli(['restore', backupFolder], { LINLI_DATA_DIR: restoredDir });
    expect(restore.code, restore.stderr).toBe(0);
    const again = await linli(['restore', backupFolder], { LINLI_DATA_DIR: restoredDir });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('--force');

    const restored = openDatabase({ dataDir: restoredDir });
    try {
      expect(await counts(restored)).toEqual(before);
    } finally {
      await restored.close();
    }
    const verify = await linli(['audit', 'verify'], { LINLI_DATA_DIR: restoredDir });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^OK: \d+ audit events/);
    // Four commands in processes of their own: more than the default minute on a busy machine.
  }, 180_000);

  it('adds an account that can then be reset, and refuses a taken username', async () => {
    const env = { LINLI_DATA_DIR: dataDir, LINLI_PASSWORD: 'a-long-password' };
    const add = await linli(['user', 'add', '--username', 'li', '--name', '李社工', '--role', 'admin'], env);
    expect(add.code, add.stderr).toBe(0);
    const taken = await linli(
      ['user', 'add', '--username', 'li', '--name', '李社工', '--role', 'admin'],
      env,
    );
    expect(taken.code).not.toBe(0);
    const reset = await linli(['user', 'reset-password', 'li'], env);
    expect(reset.code, reset.stderr).toBe(0);
    const missing = await linli(['user', 'reset-password', 'nobody'], env);
    expect(missing.code).not.toBe(0);
  });

  it('import of a file that is not there says it was not found, not that it cannot be read', async () => {
    const env = { LINLI_DATA_DIR: dataDir };
    const missing = path.join(tmp, 'no-such-register.xlsx');
    const run = await linli(['import', missing, '--dry-run'], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('找不到文件');
    expect(run.stderr).toContain('File not found');
    expect(run.stderr).toContain(missing);
    expect(run.stderr).not.toContain('读不出来');
    const folder = await linli(['import', tmp, '--dry-run'], env);
    expect(folder.stderr).toContain('找不到文件');
  });

  it('on PostgreSQL, backup explains pg_dump instead', async () => {
    const res = await linli(['backup', path.join(tmp, 'x.db')], {
      DATABASE_URL: 'postgres://127.0.0.1:1/none',
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('pg_dump');
  });

  it('audit verify names the first broken row of a tampered trail', async () => {
    const file = path.join(dataDir, 'linli.db');
    const { default: SQLite } = await import('better-sqlite3');
    const raw = new SQLite(file);
    raw.exec('DROP TRIGGER audit_event_no_update');
    raw.prepare("UPDATE audit_event SET action = 'tampered' WHERE seq = 3").run();
    raw.close();
    const res = await linli(['audit', 'verify'], { LINLI_DATA_DIR: dataDir });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('BROKEN at audit event 3');
  });
});

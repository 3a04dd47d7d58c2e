import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupRefused, restoreDataFolder } from '../../src/server/backup';
import { freePort, seedDataFolder, startServerProcess } from '../support/serverProcess';

const run = promisify(execFile);
const BIN = path.resolve('bin/linli.js');
/** A 1 × 1 PNG: a real image, whatever checks uploads are given. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function linli(args: string[], dataDir: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', LINLI_DATA_DIR: dataDir },
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number | null; signal: string | null; stdout: string; stderr: string };
    return { code: e.code ?? e.signal, stdout: e.stdout, stderr: e.stderr };
  }
}

type Server = Awaited<ReturnType<typeof startServerProcess>>;

async function signIn(server: Server) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'buildingleader', password: 'linli-demo' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
}

/**
 * The SQLite data folder's backup and restore, run as a user runs them (`linli backup`, `linli restore`)
 * against a real `linli serve` in its own process. Backups are of the SQLite data folder only (on
 * PostgreSQL it is pg_dump), so this runs once whatever databases the suite runs on.
 */
describe('backup and restore of the data folder', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-backup-'));
  const dataDir = path.join(tmp, 'data');
  const backupDir = path.join(tmp, 'backup');
  let householdId: string;
  let server: Server;
  let session: Awaited<ReturnType<typeof signIn>>;
  let photoPath: string;

  beforeAll(async () => {
    ({ householdId } = await seedDataFolder(dataDir));
    // About 50 MB, so that copying takes long enough for writes to land in the middle of it (a backup
    // copied a hundred pages at a time was started over by each of them and never ended).
    const raw = new SQLite(path.join(dataDir, 'linli.db'));
    raw.exec(`CREATE TABLE test_padding (bytes BLOB);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
      INSERT INTO test_padding SELECT randomblob(4000) FROM n;`);
    raw.close();
    server = await startServerProcess({ LINLI_DATA_DIR: dataDir, DATABASE_URL: '' }, await freePort());
    session = await signIn(server);
  }, 240_000);
  afterAll(async () => {
    await server.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const postReport = async (description: string) => {
    const res = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ householdId, category: 'repairs', description }),
    });
    return res.status === 200 ? ((await res.json()) as { id: string }).id : null;
  };

  it('finishes under continuous writes from the server, consistent and with the photos', async () => {
    const reportId = (await postReport('with a photo')) ?? '';
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'photo.png');
    const upload = await fetch(`${server.url}/api/v1/reports/${reportId}/photos`, {
      method: 'POST',
      headers: session,
      body: form,
    });
    expect(upload.status).toBe(200);
    const photoId = ((await upload.json()) as { id: string }).id;
    photoPath = `/api/v1/reports/${reportId}/photos/${photoId}`;

    const acknowledged: string[] = [reportId];
    let writing = true;
    const clients = Array.from({ length: 3 }, async () => {
      while (writing) {
        const id = await postReport('written during the backup');
        if (id) acknowledged.push(id);
      }
    });
    // Beside the reports, small commits as fast as they go, so that writes land all through the copy.
    const writer = new SQLite(path.join(dataDir, 'linli.db'));
    writer.pragma('busy_timeout = 5000');
    writer.exec('CREATE TABLE IF NOT EXISTS test_writes (at TEXT)');
    const insert = writer.prepare('INSERT INTO test_writes (at) VALUES (?)');
    let smallWrites = 0;
    const small = (async () => {
      while (writing) {
        insert.run(new Date().toISOString());
        smallWrites++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (acknowledged.length < 50) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = [...acknowledged];
    const smallBefore = smallWrites;
    const backup = await linli(['backup', backupDir], dataDir);
    const during = acknowledged.length - before.length;
    const smallDuring = smallWrites - smallBefore;
    writing = false;
    await Promise.all([...clients, small]);
    writer.close();
    expect(backup.code, backup.stderr).toBe(0);
    expect(during).toBeGreaterThan(0);
    expect(smallDuring).toBeGreaterThan(0);

    const copy = new SQLite(path.join(backupDir, 'linli.db'), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set((copy.prepare('SELECT id FROM report').all() as { id: string }[]).map((r) => r.id));
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      const { n } = copy.prepare('SELECT count(*) AS n FROM test_writes').get() as { n: number };
      expect(n).toBeGreaterThanOrEqual(smallBefore);
    } finally {
      copy.close();
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      files: { path: string; bytes: number; sha256: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toContain(`photos/${reportId}/${photoId}.png`);
    expect(manifest.files[0]?.path).toBe('linli.db');
  }, 240_000);

  it('refuses to restore while the server holds the data folder, and says which process', async () => {
    const restore = await linli(['restore', backupDir, '--force'], dataDir);
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toContain(`${server.pid}`);
    expect(restore.stderr).toContain('linli serve');
    expect((await fetch(`${server.url}${photoPath}`, { headers: session })).status).toBe(200);
    // A second server on the same folder is refused the same way.
    await expect(
      startServerProcess({ LINLI_DATA_DIR: dataDir, DATABASE_URL: '' }, await freePort()),
    ).rejects.toThrow(/exited with 1/);
  }, 240_000);

  it('refuses a backup whose files differ from the manifest, and leaves the data folder as it was', async () => {
    const tampered = path.join(tmp, 'tampered');
    fs.cpSync(backupDir, tampered, { recursive: true });
    const photo = fs
      .readdirSync(path.join(tampered, 'photos'), { recursive: true, withFileTypes: true })
      .find((entry) => entry.isFile());
    if (!photo) throw new Error('the backup holds no photo');
    fs.appendFileSync(path.join(photo.parentPath, photo.name), 'changed');
    const target = path.join(tmp, 'other');
    const restore = await linli(['restore', tampered], target);
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toContain(photo.name);
    expect(fs.existsSync(path.join(target, 'linli.db'))).toBe(false);
  }, 240_000);

  it('restores over a killed server’s folder, and the photo is served again', async () => {
    await server.kill(); // SIGKILL: its lock file stays behind, held by a process that no longer exists.
    const restore = await linli(['restore', backupDir], dataDir);
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toContain('--force');
    fs.rmSync(path.join(dataDir, 'photos'), { recursive: true, force: true });
    const forced = await linli(['restore', backupDir, '--force'], dataDir);
    expect(forced.code, forced.stderr).toBe(0);
    server = await startServerProcess({ LINLI_DATA_DIR: dataDir, DATABASE_URL: '' }, await freePort());
    session = await signIn(server);
    const res = await fetch(`${server.url}${photoPath}`, { headers: session });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  }, 240_000);
});

describe('a backup’s manifest', () => {
  it('cannot point a restore outside the data folder', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-backup-manifest-'));
    try {
      const folder = path.join(tmp, 'backup');
      fs.mkdirSync(path.join(folder, 'photos'), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'outside'), 'x');
      const file = { bytes: 1, sha256: createHash('sha256').update('x').digest('hex') };
      fs.writeFileSync(
        path.join(folder, 'manifest.json'),
        JSON.stringify({
          format: 'linli-backup',
          version: 1,
          createdAt: new Date().toISOString(),
          files: [
            { path: 'linli.db', ...file },
            { path: 'photos/../../outside', ...file },
          ],
          missing: [],
        }),
      );
      const dataDir = path.join(tmp, 'data');
      await expect(restoreDataFolder(folder, dataDir, { force: true })).rejects.toThrow(BackupRefused);
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditTrail } from '../../src/server/audit/audit.repository';
import { chainHash, GENESIS_HASH } from '../../src/server/audit/chain';
import { takeCheckpoint } from '../../src/server/audit/checkpoints';
import {
  insertCheckpoint,
  latestAuditCheckpoint,
  listCheckpoints,
} from '../../src/server/audit/checkpoints.repository';
import {
  keyIdOf,
  loadOrCreateSigningKey,
  readCheckpointFile,
  readPublicKey,
  type SigningKey,
  signCheckpoint,
} from '../../src/server/audit/signingKey';
import { openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import type { AuditEventTable, DB } from '../../src/server/db/schema';
import { liftTriggers } from '../support/auditTamper';
import { linli } from '../support/linliCommand';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/testDatabase';

const minute = (i: number) => new Date(Date.UTC(2026, 11, 1, 0, i));

async function append(db: Kysely<DB>, i: number, action = 'registry.read') {
  await db
    .transaction()
    .execute((trx) =>
      appendAudit(trx, minute(i), [
        { action, outcome: 'success', residentId: `r${i}`, fieldClass: 'identity', purpose: 'test' },
      ]),
    );
}

const rowsOf = (db: Kysely<DB>) => db.selectFrom('audit_event').selectAll().orderBy('seq').execute();

/** Recomputes every hash from `fromSeq` on and moves the head: a rewrite the chain alone cannot see. */
async function rehashFrom(db: Kysely<DB>, fromSeq: number) {
  let prev = GENESIS_HASH;
  let last = { seq: 0, hash: GENESIS_HASH };
  for (const row of await rowsOf(db)) {
    const seq = Number(row.seq);
    if (seq >= fromSeq) {
      const { prev_hash: _p, hash: _h, ...content } = row;
      const hash = chainHash(prev, { ...content, seq });
      await db.updateTable('audit_event').set({ prev_hash: prev, hash }).where('seq', '=', seq).execute();
      prev = hash;
    } else {
      prev = row.hash;
    }
    last = { seq, hash: prev };
  }
  await db.updateTable('audit_head').set(last).where('id', '=', 1).execute();
}

async function shiftUp(db: Kysely<DB>, afterSeq: number) {
  const later = (await rowsOf(db)).filter((r) => Number(r.seq) > afterSeq).reverse();
  for (const r of later) {
    await db
      .updateTable('audit_event')
      .set({ seq: Number(r.seq) + 1 })
      .where('seq', '=', r.seq)
      .execute();
  }
}

async function forgedRow(db: Kysely<DB>, seq: number, hash: string): Promise<AuditEventTable> {
  const rows = await rowsOf(db);
  return {
    ...(rows[0] as AuditEventTable),
    seq,
    action: 'registry.read.forged',
    resident_id: 'someone-else',
    prev_hash: rows.find((r) => Number(r.seq) === seq - 1)?.hash ?? GENESIS_HASH,
    hash,
  };
}

function tmpDir(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe.each(DIALECTS)('signed audit checkpoints on %s', (dialect) => {
  const postgres = dialect === 'postgres';
  let database: TestDatabase;
  let db: Kysely<DB>;
  let dir: string;
  let key: SigningKey;
  let checkpointFile: string;
  const signed = async () => ({ list: await listCheckpoints(db), publicKey: key.publicKey });
  const verify = async () => verifyAuditTrail(db, await signed());

  // 14 events; checkpoints sign events 6 and 12; events 13 and 14 are not yet covered.
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    dir = tmpDir('linli-checkpoint-');
    key = loadOrCreateSigningKey(path.join(dir, 'audit-key.pem'));
    checkpointFile = path.join(dir, 'checkpoints.jsonl');
    let i = 0;
    const deps = (at: number) => ({ db, clock: () => minute(at), key, file: checkpointFile });
    while (i < 6) await append(db, ++i);
    await takeCheckpoint(deps(i));
    while (i < 12) await append(db, ++i);
    await takeCheckpoint(deps(i));
    while (i < 14) await append(db, ++i);
  });
  afterEach(async () => {
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds an untouched trail whole, and counts the events after the last checkpoint', async () => {
    expect(await verify()).toMatchObject({
      ok: true,
      count: 14,
      checkpoints: 2,
      lastCheckpoint: { seq: 12 },
      afterLastCheckpoint: 2,
    });
    const file = readCheckpointFile(checkpointFile);
    expect(file.map((c) => c.seq)).toEqual([6, 12]);
    expect(file).toEqual(await listCheckpoints(db));
    const rows = await rowsOf(db);
    expect(await latestAuditCheckpoint(db)).toEqual({
      seq: 12,
      hash: rows[11]?.hash,
      at: minute(12).toISOString(),
    });
  });

  it('signs nothing new while the chain has not moved', async () => {
    const deps = { db, clock: () => minute(20), key, file: checkpointFile };
    expect(await takeCheckpoint(deps)).toMatchObject({ seq: 14 });
    expect(await takeCheckpoint(deps)).toBeNull();
    expect(readCheckpointFile(checkpointFile)).toHaveLength(3);
  });

  describe('catches each of the seven tamperings of signed events', () => {
    beforeEach(async () => {
      await liftTriggers(db, postgres);
    });

    it('1. an event edited in place', async () => {
      await db.updateTable('audit_event').set({ resident_id: 'someone-else' }).where('seq', '=', 5).execute();
      expect(await verify()).toMatchObject({ ok: false, seq: 5, reason: 'hash' });
    });

    it('2. an event deleted', async () => {
      await db.deleteFrom('audit_event').where('seq', '=', 5).execute();
      expect(await verify()).toMatchObject({ ok: false, seq: 6, reason: 'sequence_gap' });
    });

    it('3. an event slipped in with a hash that does not follow', async () => {
      await shiftUp(db, 4);
      await db
        .insertInto('audit_event')
        .values(await forgedRow(db, 5, 'f'.repeat(64)))
        .execute();
      expect(await verify()).toMatchObject({ ok: false, seq: 5, reason: 'hash' });
    });

    it('4. the last events cut without moving the head', async () => {
      await db.deleteFrom('audit_event').where('seq', '>=', 11).execute();
      expect(await verify()).toMatchObject({ ok: false, seq: 11, reason: 'truncated' });
    });

    it('5. an event rewritten and every hash after it recomputed, head moved', async () => {
      await db.updateTable('audit_event').set({ resident_id: 'someone-else' }).where('seq', '=', 8).execute();
      await rehashFrom(db, 8);
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
      expect(await verify()).toMatchObject({ ok: false, seq: 12, reason: 'checkpoint_hash', fromSeq: 7 });
    });

    it('6. an event appended with a correct hash and the head moved', async () => {
      // Slipped in among signed events, with the later hashes recomputed: the checkpoint contradicts.
      await shiftUp(db, 9);
      const row = await forgedRow(db, 10, '');
      const { prev_hash, hash: _h, ...content } = row;
      await db
        .insertInto('audit_event')
        .values({ ...row, hash: chainHash(prev_hash, content) })
        .execute();
      await rehashFrom(db, 11);
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, count: 15 });
      expect(await verify()).toMatchObject({ ok: false, seq: 12, reason: 'checkpoint_hash', fromSeq: 7 });
    });

    it('6b. an event appended at the end, after every checkpoint, is counted as not yet signed', async () => {
      const row = await forgedRow(db, 15, '');
      const { prev_hash, hash: _h, ...content } = row;
      const hash = chainHash(prev_hash, content);
      await db
        .insertInto('audit_event')
        .values({ ...row, hash })
        .execute();
      await db.updateTable('audit_head').set({ seq: 15, hash }).where('id', '=', 1).execute();
      expect(await verify()).toMatchObject({ ok: true, count: 15, afterLastCheckpoint: 3 });
    });

    it('7. the last events cut and the head moved back', async () => {
      const rows = await rowsOf(db);
      await db.deleteFrom('audit_event').where('seq', '>=', 12).execute();
      await db
        .updateTable('audit_head')
        .set({ seq: 11, hash: rows[10]?.hash as string })
        .where('id', '=', 1)
        .execute();
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, count: 11 });
      expect(await verify()).toMatchObject({
        ok: false,
        seq: 12,
        reason: 'checkpoint_beyond_trail',
        fromSeq: 7,
      });
    });
  });

  it('holds the trail against the file when the checkpoints in the database were deleted', async () => {
    await liftTriggers(db, postgres);
    await db.deleteFrom('audit_checkpoint').execute();
    await db.updateTable('audit_event').set({ action: 'nothing.here' }).where('seq', '=', 3).execute();
    await rehashFrom(db, 3);
    const list = readCheckpointFile(checkpointFile);
    expect(await verifyAuditTrail(db, { list, publicKey: key.publicKey })).toMatchObject({
      ok: false,
      seq: 6,
      reason: 'checkpoint_hash',
      fromSeq: 1,
    });
  });

  it('refuses a checkpoint signed by another key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = { privateKey, publicKey, keyId: keyIdOf(publicKey) };
    await insertCheckpoint(
      db,
      signCheckpoint(other, { seq: 14, hash: 'a'.repeat(64), at: minute(30).toISOString() }),
    );
    expect(await verify()).toMatchObject({ ok: false, seq: 14, reason: 'checkpoint_signature' });
  });
});

describe('the signing key file', () => {
  const dir = tmpDir('linli-key-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is created on first use, readable by its owner alone, and the same key after', () => {
    const file = path.join(dir, 'nested', 'key.pem');
    const first = loadOrCreateSigningKey(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigningKey(file).keyId).toBe(first.keyId);
    expect(keyIdOf(readPublicKey(file))).toBe(first.keyId);
  });

  it('is refused when others can read it', () => {
    const file = path.join(dir, 'open.pem');
    loadOrCreateSigningKey(file);
    fs.chmodSync(file, 0o644);
    expect(() => loadOrCreateSigningKey(file)).toThrow(/chmod 600/);
  });
});

describe('linli audit verify and public-key', () => {
  const dir = tmpDir('linli-audit-cli-');
  const env = {
    LINLI_DATA_DIR: path.join(dir, 'data'),
    LINLI_AUDIT_KEY_FILE: path.join(dir, 'keys', 'audit-key.pem'),
    LINLI_AUDIT_CHECKPOINTS: path.join(dir, 'checkpoints.jsonl'),
  };
  const offsite = path.join(dir, 'offsite');
  beforeAll(async () => {
    const database = openDatabase({ dataDir: env.LINLI_DATA_DIR });
    await migrateToLatest(database);
    for (let i = 1; i <= 5; i++) await append(database.db, i);
    const key = loadOrCreateSigningKey(env.LINLI_AUDIT_KEY_FILE);
    await takeCheckpoint({ db: database.db, clock: () => minute(5), key, file: env.LINLI_AUDIT_CHECKPOINTS });
    for (let i = 6; i <= 8; i++) await append(database.db, i);
    await database.close();
    // What the deployment keeps off the machine: the public key and a copy of the checkpoint file.
    fs.mkdirSync(offsite);
    fs.copyFileSync(env.LINLI_AUDIT_CHECKPOINTS, path.join(offsite, 'checkpoints.jsonl'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exports the public key, and verifies with it and the copied file, naming the unsigned events', async () => {
    const exported = await linli(['audit', 'public-key'], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    fs.writeFileSync(path.join(offsite, 'public.pem'), exported.stdout);
    const args = ['--checkpoints', path.join(offsite, 'checkpoints.jsonl')];
    const ok = await linli(
      ['audit', 'verify', ...args, '--public-key', path.join(offsite, 'public.pem')],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('OK: 8 audit events');
    // The checkpoint in the database and the same one in the file count once.
    expect(ok.stdout).toContain('Signed checkpoints that match: 1; the last covers event 5');
    expect(ok.stdout).toContain('3 audit events after the last checkpoint');
  });

  it('exits non-zero on a rewritten, re-hashed trail and names where', async () => {
    const database = openDatabase({ dataDir: env.LINLI_DATA_DIR });
    await liftTriggers(database.db, false);
    await database.db.deleteFrom('audit_checkpoint').execute();
    await database.db.updateTable('audit_event').set({ resident_id: 'x' }).where('seq', '=', 2).execute();
    await rehashFrom(database.db, 2);
    await database.close();
    const broken = await linli(
      [
        'audit',
        'verify',
        '--checkpoints',
        path.join(offsite, 'checkpoints.jsonl'),
        '--public-key',
        path.join(offsite, 'public.pem'),
      ],
      env,
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('BROKEN at audit event 5');
    expect(broken.stderr).toContain('events 1 to 5 were rewritten');
  });
});

describe('a running server', () => {
  const dir = tmpDir('linli-serve-checkpoint-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates its key beside the data folder and signs a checkpoint at shutdown', async () => {
    const { startServer } = await import('../../src/server/main');
    const server = await startServer({
      dataDir: path.join(dir, 'data'),
      port: 0,
      host: '127.0.0.1',
      seedDemo: false,
      web: false,
      log: false,
    });
    await append(server.database.db, 1);
    const db = openDatabase({ dataDir: path.join(dir, 'data') });
    await server.close();
    const keyFile = path.join(dir, 'linli-audit-key.pem');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const [checkpoint] = readCheckpointFile(path.join(dir, 'linli-audit-checkpoints.jsonl'));
    expect(checkpoint).toMatchObject({ seq: 1, keyId: keyIdOf(readPublicKey(keyFile)) });
    expect(await listCheckpoints(db.db)).toEqual([checkpoint]);
    await db.close();
  });
});

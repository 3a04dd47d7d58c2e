import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditTrail } from '../../src/server/audit/audit.repository';
import type { DB } from '../../src/server/db/schema';
import { inSharedTransaction, writeWithGroup } from '../../src/server/db/sharedTransaction';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/testDatabase';

describe.each(DIALECTS)('work that shares a transaction on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.drop();
  });

  const record = (key: string) => ({
    key,
    request_hash: 'h',
    status: 200,
    body: '{}',
    created_at: '2026-11-29T02:00:00.000Z',
  });
  const keysStartingWith = async (prefix: string) =>
    (
      await database.db
        .selectFrom('idempotency_record')
        .select('key')
        .where('key', 'like', `${prefix}%`)
        .orderBy('key')
        .execute()
    ).map((r) => r.key);

  it('answers each caller with its own result, and undoes only the work that failed', async () => {
    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        inSharedTransaction(database.db, async (trx) => {
          await trx
            .insertInto('idempotency_record')
            .values(record(`a-${String(i).padStart(2, '0')}`))
            .execute();
          if (i === 7) throw new Error('seven fails after writing');
          return i * 10;
        }),
      ),
    );
    expect(answers[7]).toMatchObject({
      status: 'rejected',
      reason: { message: 'seven fails after writing' },
    });
    expect(answers.filter((a) => a.status === 'fulfilled').map((a) => a.value)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 10).filter((v) => v !== 70),
    );
    const keys = await keysStartingWith('a-');
    expect(keys).toHaveLength(19);
    expect(keys).not.toContain('a-07');
  });

  it('chains the audit entries of the work that succeeded, once, at the end, and drops those of the work undone', async () => {
    const answers = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        inSharedTransaction(database.db, async (trx) => {
          await appendAudit(trx, new Date('2026-11-29T02:00:00Z'), [
            { action: 'test.shared', outcome: 'success', detail: { i } },
          ]);
          if (i === 2) throw new Error('two fails after auditing');
          return i;
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const details = await database.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'test.shared')
      .orderBy('seq')
      .execute();
    expect(details.map((d) => JSON.parse(d.detail as string).i)).toEqual([0, 1, 3, 4]);
    expect(await verifyAuditTrail(database.db)).toMatchObject({ ok: true });
  });

  it('keeps the first of two that write the same key, and refuses the second', async () => {
    const [first, second] = await Promise.allSettled([
      inSharedTransaction(database.db, (trx) =>
        trx.insertInto('idempotency_record').values(record('b-1')).execute(),
      ),
      inSharedTransaction(database.db, (trx) =>
        trx.insertInto('idempotency_record').values(record('b-1')).execute(),
      ),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(await keysStartingWith('b-')).toEqual(['b-1']);
  });

  it('writes the rows its work leaves with writeWithGroup in one call for the group, before the COMMIT', async () => {
    const calls: string[][] = [];
    const write = async (trx: Kysely<DB>, keys: string[]) => {
      calls.push(keys);
      await trx
        .insertInto('idempotency_record')
        .values(keys.map((k) => record(k)))
        .execute();
    };
    const keys = Array.from({ length: 5 }, (_, i) => `d-${i}`);
    await Promise.all(
      keys.map((k) => inSharedTransaction(database.db, (trx) => writeWithGroup(trx, write, k))),
    );
    expect(calls).toEqual([keys]);
    expect(await keysStartingWith('d-')).toEqual(keys);
    // Outside a group, the row is written at once.
    await writeWithGroup(database.db, write, 'd-9');
    expect(calls.at(-1)).toEqual(['d-9']);
    expect(await keysStartingWith('d-9')).toEqual(['d-9']);
  });

  it('fails only the piece whose grouped row cannot be written, and writes the others', async () => {
    const write = (trx: Kysely<DB>, keys: string[]) =>
      trx
        .insertInto('idempotency_record')
        .values(keys.map((k) => record(k)))
        .execute()
        .then(() => undefined);
    const outcomes = await Promise.allSettled(
      ['e-1', 'e-2', 'e-1', 'e-3'].map((k) =>
        inSharedTransaction(database.db, (trx) => writeWithGroup(trx, write, k)),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await keysStartingWith('e-')).toEqual(['e-1', 'e-2', 'e-3']);
  });

  it.runIf(dialect === 'sqlite')('answers only once the shared COMMIT is on disk', async () => {
    // A second connection sees only what is committed.
    const reader = new Database(database.sqlitePath as string, { readonly: true });
    try {
      const seenAtAnswer = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          inSharedTransaction(database.db, (trx) =>
            trx
              .insertInto('idempotency_record')
              .values(record(`c-${i}`))
              .execute(),
          ).then(
            () =>
              (
                reader.prepare("select count(*) as n from idempotency_record where key like 'c-%'").get() as {
                  n: number;
                }
              ).n,
          ),
        ),
      );
      expect(seenAtAnswer).toEqual(Array(10).fill(10));
    } finally {
      reader.close();
    }
  });
});

import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditTrail } from '../../src/server/audit/audit.repository';
import { type Database, openDatabase } from '../../src/server/db/database';
import type { AuditEventTable, DB } from '../../src/server/db/schema';
import { liftTriggers } from '../support/auditTamper';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/testDatabase';

const ROWS = 12;

async function writeTrail(db: Kysely<DB>) {
  for (let i = 0; i < ROWS; i++) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, new Date(Date.UTC(2026, 10, 29, 0, i)), [
        {
          action: 'registry.read',
          outcome: 'success',
          residentId: `r${i}`,
          fieldClass: 'identity',
          purpose: 'test',
        },
      ]),
    );
  }
}

/** The tampering the verifier must catch; the append-only triggers are lifted first, as an intruder with the file would. */
type Tamper =
  | { kind: 'edit'; seq: number; field: 'action' | 'resident_id' | 'at' | 'outcome' }
  | { kind: 'delete'; seq: number }
  | { kind: 'insert'; afterSeq: number }
  | { kind: 'reorder'; a: number; b: number };

const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    seq: fc.integer({ min: 1, max: ROWS }),
    field: fc.constantFrom('action' as const, 'resident_id' as const, 'at' as const, 'outcome' as const),
  }),
  fc.record({ kind: fc.constant('delete' as const), seq: fc.integer({ min: 1, max: ROWS }) }),
  fc.record({ kind: fc.constant('insert' as const), afterSeq: fc.integer({ min: 0, max: ROWS }) }),
  fc
    .record({
      kind: fc.constant('reorder' as const),
      a: fc.integer({ min: 1, max: ROWS }),
      b: fc.integer({ min: 1, max: ROWS }),
    })
    .filter((t) => t.a !== t.b),
);

async function applyTamper(db: Kysely<DB>, tamper: Tamper) {
  const rows = await db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
  switch (tamper.kind) {
    case 'edit': {
      const row = rows[tamper.seq - 1] as AuditEventTable;
      const changed = {
        action: `${row.action}.x`,
        resident_id: `${row.resident_id}x`,
        at: '2020-01-01T00:00:00.000Z',
        outcome: row.outcome === 'success' ? 'denied' : 'success',
      }[tamper.field];
      await db
        .updateTable('audit_event')
        .set({ [tamper.field]: changed })
        .where('seq', '=', tamper.seq)
        .execute();
      return;
    }
    case 'delete':
      await db.deleteFrom('audit_event').where('seq', '=', tamper.seq).execute();
      return;
    case 'insert': {
      // A forged row that claims a place in the chain: shifts every later row up one.
      const later = rows.filter((r) => Number(r.seq) > tamper.afterSeq).reverse();
      for (const r of later)
        await db
          .updateTable('audit_event')
          .set({ seq: Number(r.seq) + 1 })
          .where('seq', '=', r.seq)
          .execute();
      const prev = rows[tamper.afterSeq - 1];
      await db
        .insertInto('audit_event')
        .values({
          ...(rows[0] as AuditEventTable),
          seq: tamper.afterSeq + 1,
          action: 'forged',
          prev_hash: prev?.hash ?? '0'.repeat(64),
          hash: 'f'.repeat(64),
        })
        .execute();
      return;
    }
    case 'reorder': {
      // Swap two rows' places: contents (and hashes) move, sequence numbers stay.
      const a = rows[tamper.a - 1] as AuditEventTable;
      const b = rows[tamper.b - 1] as AuditEventTable;
      const { seq: _a, ...contentA } = a;
      const { seq: _b, ...contentB } = b;
      await db.updateTable('audit_event').set(contentB).where('seq', '=', a.seq).execute();
      await db.updateTable('audit_event').set(contentA).where('seq', '=', b.seq).execute();
      return;
    }
  }
}

describe.each(DIALECTS)('the audit trail on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await writeTrail(database.db);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('verifies an untouched chain', async () => {
    const verdict = await verifyAuditTrail(database.db);
    expect(verdict).toMatchObject({ ok: true, count: ROWS });
  });

  it('is refused by the database itself on update and delete', async () => {
    await expect(
      database.db.updateTable('audit_event').set({ action: 'x' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_event').where('seq', '=', 2).execute()).rejects.toThrow(
      /append-only/,
    );
    expect(await verifyAuditTrail(database.db)).toMatchObject({ ok: true });
  });

  it('catches every random edit, delete, insert and reorder', async () => {
    await fc.assert(
      fc.asyncProperty(tamperArb, async (tamper) => {
        const copy = await createTestDatabase(dialect);
        try {
          await writeTrail(copy.db);
          await liftTriggers(copy.db, dialect === 'postgres');
          await applyTamper(copy.db, tamper);
          const verdict = await verifyAuditTrail(copy.db);
          expect(verdict.ok, JSON.stringify(tamper)).toBe(false);
        } finally {
          await copy.drop();
        }
      }),
      { numRuns: dialect === 'postgres' ? 25 : 60 },
    );
  });
});

// Only PostgreSQL has several servers on one database; SQLite has one writer by design.
describe.runIf(DIALECTS.includes('postgres'))(
  'the audit chain under concurrent appends on PostgreSQL',
  () => {
    let database: TestDatabase;
    let second: Database;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      // A second connection pool on the same database, as a second server would have.
      second = openDatabase({
        dataDir: database.dataDir,
        databaseUrl: process.env.LINLI_TEST_PG_URL,
        pgSchema: database.pgSchema ?? undefined,
      });
    });
    afterAll(async () => {
      await second.close();
      await database.drop();
    });

    it('stays one unbroken chain when two servers append at once', async () => {
      const append = (db: Kysely<DB>, i: number) =>
        db
          .transaction()
          .execute((trx) =>
            appendAudit(trx, new Date(Date.UTC(2026, 10, 29, 1, i)), [
              { action: 'test.concurrent', outcome: 'success', detail: { i } },
            ]),
          );
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => append(i % 2 === 0 ? database.db : second.db, i)),
      );
      expect(await verifyAuditTrail(database.db)).toMatchObject({ ok: true, count: 40 });
    });
  },
);

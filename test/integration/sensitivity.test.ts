import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_CLASSES, SENSITIVE_NAME_PATTERN } from '../../src/server/db/sensitivity';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// Columns whose names match the pattern but hold no personal data, each with the reason.
const NOT_PERSONAL: Record<string, string> = {
  'user_account.disabled': 'whether a sign-in account is switched off, not a disability',
  'idempotency_record.key': 'the Idempotency-Key a client sent with a request, not a door key',
  'audit_checkpoint.key_id':
    'which signing key signed an audit checkpoint (a public fingerprint), not a door key',
  'household.address_key': 'the household’s address as one text that sorts (issue 23), not a door key',
  'door_notice.phone':
    'the community office’s number printed on a door notice for residents to call back, not a resident’s',
};

describe('sensitive columns', () => {
  let database: TestDatabase;
  let columns: string[];
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const tables = await database.db.introspection.getTables();
    columns = tables
      .filter((t) => !t.name.startsWith('kysely_'))
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`));
  });
  afterAll(async () => {
    await database.drop();
  });

  it('every column whose name looks sensitive is classified in one place', () => {
    const unclassified = columns.filter(
      (c) =>
        SENSITIVE_NAME_PATTERN.test(c.split('.')[1] ?? '') && !(c in COLUMN_CLASSES) && !(c in NOT_PERSONAL),
    );
    expect(unclassified).toEqual([]);
  });

  it('every classification names a column that exists', () => {
    expect(Object.keys(COLUMN_CLASSES).filter((c) => !columns.includes(c))).toEqual([]);
  });

  it('the pattern catches the names the foundation issue lists', () => {
    for (const name of [
      'monthly_income',
      'asset_value',
      'health_note',
      'disability_level',
      'ethnic_group',
      'id_number',
      'door_key_holder',
    ]) {
      expect(SENSITIVE_NAME_PATTERN.test(name), name).toBe(true);
    }
  });
});

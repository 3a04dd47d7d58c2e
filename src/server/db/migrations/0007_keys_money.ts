import type { Kysely } from 'kysely';
import { dropRefusal, refuseChanges } from '../appendOnly';

/**
 * Door keys held for a resident (with her consent and every use), errands done on her behalf on a
 * schedule (with each time done), the ledger of money handled for her, and her family contacts.
 * Key uses, ledger entries and receipts are append-only: the database refuses UPDATE and DELETE on
 * them, so a correction can only be a new entry naming the one it corrects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('care_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    // The holder: a position in the chain, or a named person outside it.
    .addColumn('holder_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('holder_name', 'text')
    .addColumn('holder_phone', 'text')
    .addColumn('held_since', 'text', (c) => c.notNull())
    .addColumn('consent_date', 'text', (c) => c.notNull())
    // written | verbal
    .addColumn('consent_form', 'text', (c) => c.notNull())
    .addColumn('consent_witness', 'text')
    .addColumn('note', 'text')
    .addColumn('returned_on', 'text')
    .addColumn('returned_to', 'text')
    .addColumn('return_note', 'text')
    .addColumn('returned_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('care_key_resident_idx').on('care_key').columns(['resident_id']).execute();
  await db.schema.createIndex('care_key_holder_idx').on('care_key').columns(['holder_position_id']).execute();

  await db.schema
    .createTable('care_key_use')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull().references('care_key.id'))
    .addColumn('used_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('present', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('care_key_use_key_idx').on('care_key_use').columns(['key_id']).execute();

  await db.schema
    .createTable('care_money_account')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().unique().references('resident.id'))
    .addColumn('handler_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('handler_name', 'text')
    .addColumn('handler_phone', 'text')
    .addColumn('note', 'text')
    .addColumn('opened_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('care_money_account_handler_idx')
    .on('care_money_account')
    .columns(['handler_position_id'])
    .execute();

  await db.schema
    .createTable('care_errand')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // monthly (n = day of month) | every_days (n) | every_weeks (n)
    .addColumn('schedule_kind', 'text', (c) => c.notNull())
    .addColumn('schedule_n', 'integer', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('doer_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('doer_name', 'text')
    .addColumn('doer_phone', 'text')
    .addColumn('expected_fen', 'integer')
    .addColumn('counterparty', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('care_errand_resident_idx')
    .on('care_errand')
    .columns(['resident_id'])
    .execute();
  await db.schema
    .createIndex('care_errand_doer_idx')
    .on('care_errand')
    .columns(['doer_position_id', 'ended_at'])
    .execute();

  await db.schema
    .createTable('care_money_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('care_money_account.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    // 1, 2, 3 … per account, in the order recorded: the order of the running balance.
    .addColumn('number', 'integer', (c) => c.notNull())
    // received | spent | correction
    .addColumn('kind', 'text', (c) => c.notNull())
    // Fen, signed: received +, spent −, a correction the difference it makes.
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('counterparty', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('corrects_entry_id', 'text', (c) => c.references('care_money_entry.id'))
    .addColumn('errand_id', 'text', (c) => c.references('care_errand.id'))
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('care_money_entry_number_uq', ['account_id', 'number'])
    .execute();
  await db.schema
    .createIndex('care_money_entry_month_idx')
    .on('care_money_entry')
    .columns(['account_id', 'occurred_on'])
    .execute();

  await db.schema
    .createTable('care_money_receipt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('care_money_entry.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('care_money_receipt_entry_idx')
    .on('care_money_receipt')
    .columns(['entry_id'])
    .execute();

  await db.schema
    .createTable('care_errand_done')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('errand_id', 'text', (c) => c.notNull().references('care_errand.id'))
    // The occurrence done: each once.
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addColumn('done_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('note', 'text')
    .addColumn('money_entry_id', 'text', (c) => c.references('care_money_entry.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('care_errand_done_uq', ['errand_id', 'due_on'])
    .execute();

  await db.schema
    .createTable('care_family_contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('consent_to_be_told', 'integer', (c) => c.notNull())
    .addColumn('consent_date', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema
    .createIndex('care_family_contact_resident_idx')
    .on('care_family_contact')
    .columns(['resident_id'])
    .execute();

  for (const table of APPEND_ONLY) await refuseChanges(db, table);
}

const APPEND_ONLY = ['care_key_use', 'care_money_entry', 'care_money_receipt'] as const;

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'care_family_contact',
    'care_errand_done',
    'care_money_receipt',
    'care_money_entry',
    'care_errand',
    'care_money_account',
    'care_key_use',
    'care_key',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  for (const table of APPEND_ONLY) await dropRefusal(db, table);
}

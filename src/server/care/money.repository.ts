import { type Kysely, sql } from 'kysely';
import type { Scope } from '../auth/scope';
import { isPostgres } from '../db/dialect';
import type { CareMoneyAccountTable, CareMoneyEntryTable, CareMoneyReceiptTable, DB } from '../db/schema';
import { carerVisible } from './keysMoney.common';

/** The resident's ledger, if the caller may see it: community-wide for workers and the committee, else the handler's. */
export async function findAccountVisible(
  db: Kysely<DB>,
  scope: Scope,
  residentId: string,
): Promise<CareMoneyAccountTable | undefined> {
  return db
    .selectFrom('care_money_account')
    .selectAll()
    .where('resident_id', '=', residentId)
    .where(carerVisible('care_money_account', 'handler_position_id', scope))
    .executeTakeFirst();
}

export async function findAccountOfResident(db: Kysely<DB>, residentId: string) {
  return db
    .selectFrom('care_money_account')
    .selectAll()
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
}

export async function insertAccount(trx: Kysely<DB>, row: CareMoneyAccountTable): Promise<void> {
  await trx.insertInto('care_money_account').values(row).execute();
}

export async function updateHandler(
  trx: Kysely<DB>,
  id: string,
  set: Pick<
    CareMoneyAccountTable,
    'handler_position_id' | 'handler_name' | 'handler_phone' | 'note' | 'updated_at'
  >,
): Promise<void> {
  await trx.updateTable('care_money_account').set(set).where('id', '=', id).execute();
}

/** Holds the account until the transaction ends, so two entries cannot take the same number. */
export async function lockAccount(trx: Kysely<DB>, accountId: string): Promise<void> {
  if (isPostgres(trx))
    await sql`SELECT id FROM care_money_account WHERE id = ${accountId} FOR UPDATE`.execute(trx);
}

export async function nextEntryNumber(trx: Kysely<DB>, accountId: string): Promise<number> {
  const row = await trx
    .selectFrom('care_money_entry')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export async function insertEntry(trx: Kysely<DB>, row: CareMoneyEntryTable): Promise<void> {
  await trx.insertInto('care_money_entry').values(row).execute();
}

export async function entriesOf(db: Kysely<DB>, accountId: string): Promise<CareMoneyEntryTable[]> {
  return db
    .selectFrom('care_money_entry')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('occurred_on')
    .orderBy('number')
    .execute();
}

export async function findEntry(db: Kysely<DB>, id: string): Promise<CareMoneyEntryTable | undefined> {
  return db.selectFrom('care_money_entry').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function receiptsOf(
  db: Kysely<DB>,
  entryIds: readonly string[],
): Promise<CareMoneyReceiptTable[]> {
  if (entryIds.length === 0) return [];
  return db
    .selectFrom('care_money_receipt')
    .selectAll()
    .where('entry_id', 'in', [...entryIds])
    .orderBy('created_at')
    .execute();
}

export async function insertReceipt(trx: Kysely<DB>, row: CareMoneyReceiptTable): Promise<void> {
  await trx.insertInto('care_money_receipt').values(row).execute();
}

export async function findReceipt(db: Kysely<DB>, entryId: string, receiptId: string) {
  return db
    .selectFrom('care_money_receipt')
    .selectAll()
    .where('id', '=', receiptId)
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
}

export async function familyToTell(db: Kysely<DB>, residentId: string) {
  return db
    .selectFrom('care_family_contact')
    .select(['name', 'relation'])
    .where('resident_id', '=', residentId)
    .where('consent_to_be_told', '=', 1)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

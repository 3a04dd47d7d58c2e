import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  correctionDelta,
  effectiveAmounts,
  type LedgerEntry,
  ledgerOrder,
  monthTotals,
  runningBalances,
} from '../../domain/care/moneyLedger';
import { monthBounds } from '../../domain/care/schedule';
import type {
  TLedger,
  TMoneyEntry,
  TReceipt,
  TStatement,
  ZMoneyAccountInput,
  ZMoneyCorrectionInput,
  ZMoneyEntryInput,
} from '../../shared/contracts/careKeysMoney';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { CareMoneyAccountTable, CareMoneyEntryTable, DB } from '../db/schema';
import { AppError } from '../http/errors';
import { checkImage } from '../reports/imageCheck';
import { writeDurably } from '../reports/photos.usecases';
import {
  presentCarers,
  type ResidentInfo,
  refOf,
  residentInScope,
  residentsById,
  resolveCarer,
  sensitiveRead,
  userNames,
} from './keysMoney.common';
import {
  entriesOf,
  familyToTell,
  findAccountOfResident,
  findAccountVisible,
  findEntry,
  findReceipt,
  insertAccount,
  insertEntry,
  insertReceipt,
  lockAccount,
  nextEntryNumber,
  receiptsOf,
  updateHandler,
} from './money.repository';

/**
 * The ledger of money handled on a resident's behalf (fen, integers). Seen by workers and the
 * committee, and by a chain role only when their position handles the money; every read is audited
 * (class `finance`). Entries are never edited: the database refuses it, and a correction is a new entry.
 */

export type MoneyContext = AccessContext & { dataDir?: string };

async function accountOr404(ctx: AccessContext, residentId: string): Promise<CareMoneyAccountTable> {
  const account = await findAccountVisible(ctx.db, ctx.actor.scope, residentId);
  if (!account) {
    return denyNotFound(ctx, new AppError('care.money_not_found'), {
      type: 'care_money_account',
      id: residentId,
    });
  }
  return account;
}

/** An entry whose ledger the caller may see; 404 otherwise, the same as no entry at all. */
async function entryOr404(ctx: AccessContext, entryId: string) {
  const entry = await findEntry(ctx.db, entryId);
  const account = entry ? await findAccountVisible(ctx.db, ctx.actor.scope, entry.resident_id) : undefined;
  if (!entry || !account || account.id !== entry.account_id) {
    return denyNotFound(ctx, new AppError('care.money_entry_not_found'), {
      type: 'care_money_entry',
      id: entryId,
    });
  }
  return { entry, account };
}

function asLedgerEntry(r: CareMoneyEntryTable): LedgerEntry {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    amountFen: Number(r.amount_fen),
    occurredOn: r.occurred_on,
    correctsEntryId: r.corrects_entry_id,
  };
}

/** Every entry of the ledger, in ledger order, with its running balance, corrections and receipts. */
async function presentEntries(db: Kysely<DB>, rows: CareMoneyEntryTable[]): Promise<TMoneyEntry[]> {
  const entries = rows.map(asLedgerEntry);
  const balances = runningBalances(entries);
  const effective = effectiveAmounts(entries);
  const numberOf = new Map(rows.map((r) => [r.id, r.number]));
  const [receipts, names] = await Promise.all([
    receiptsOf(
      db,
      rows.map((r) => r.id),
    ),
    userNames(
      db,
      rows.map((r) => r.recorded_by_user_id),
    ),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ledgerOrder(entries)
    .map((e) => byId.get(e.id) as CareMoneyEntryTable)
    .map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      signedFen: Number(r.amount_fen),
      occurredOn: r.occurred_on,
      counterparty: r.counterparty,
      purpose: r.purpose,
      correctsEntryId: r.corrects_entry_id,
      correctsNumber: r.corrects_entry_id ? (numberOf.get(r.corrects_entry_id) ?? null) : null,
      correctedBy: rows
        .filter((c) => c.corrects_entry_id === r.id)
        .map((c) => c.number)
        .sort((a, b) => a - b),
      effectiveFen: effective.get(r.id) ?? Number(r.amount_fen),
      errandId: r.errand_id,
      receipts: receipts
        .filter((p) => p.entry_id === r.id)
        .map((p) => ({ id: p.id, mime: p.mime, bytes: Number(p.bytes) })),
      balanceFen: balances.get(r.id) ?? 0,
      recordedBy: names.get(r.recorded_by_user_id) ?? '',
      recordedAt: r.recorded_at,
    }));
}

async function presentLedger(db: Kysely<DB>, account: CareMoneyAccountTable): Promise<TLedger> {
  const [residents, rows, carer] = await Promise.all([
    residentsById(db, [account.resident_id]),
    entriesOf(db, account.id),
    presentCarers(db, [
      { positionId: account.handler_position_id, name: account.handler_name, phone: account.handler_phone },
    ]),
  ]);
  const entries = await presentEntries(db, rows);
  return {
    resident: refOf(residents.get(account.resident_id) as ResidentInfo),
    handler: carer({
      positionId: account.handler_position_id,
      name: account.handler_name,
      phone: account.handler_phone,
    }),
    openedAt: account.opened_at,
    note: account.note,
    balanceFen: entries.at(-1)?.balanceFen ?? 0,
    entries,
  };
}

function readEntry(ctx: AccessContext, account: CareMoneyAccountTable, purpose?: string) {
  return sensitiveRead(
    ctx.actor,
    {
      type: 'care_money_account',
      id: account.id,
      residentId: account.resident_id,
      communityId: account.community_id,
    },
    'finance',
    purpose,
  );
}

export async function getLedger(ctx: AccessContext, residentId: string): Promise<TLedger> {
  await requirePermission(ctx, 'care.money.read');
  const account = await accountOr404(ctx, residentId);
  const ledger = await presentLedger(ctx.db, account);
  await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx.clock(), [readEntry(ctx, account)]));
  return ledger;
}

/** Opens the resident's ledger, or hands it to another handler; the history of entries stays. */
export async function setMoneyHandler(
  ctx: AccessContext,
  residentId: string,
  input: z.output<typeof ZMoneyAccountInput>,
): Promise<TLedger> {
  await requirePermission(ctx, 'care.money.manage');
  const resident = await residentInScope(ctx.db, ctx.actor.scope, residentId);
  if (!resident) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: residentId,
    });
  }
  const now = ctx.clock();
  const at = now.toISOString();
  const handler = await resolveCarer(ctx.db, resident.communityId, input.handler, localDate(now), 'handler');
  const existing = await findAccountOfResident(ctx.db, residentId);
  const id = existing?.id ?? randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const set = {
      handler_position_id: handler.positionId,
      handler_name: handler.name,
      handler_phone: handler.phone,
      note: input.note ?? existing?.note ?? null,
      updated_at: at,
    };
    if (existing) await updateHandler(trx, id, set);
    else
      await insertAccount(trx, {
        id,
        community_id: resident.communityId,
        household_id: resident.householdId,
        resident_id: resident.residentId,
        opened_by_user_id: ctx.actor.user.id,
        opened_at: at,
        ...set,
      });
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: existing ? 'care.money_handler_change' : 'care.money_open',
        targetType: 'care_money_account',
        targetId: id,
        residentId,
        communityId: resident.communityId,
        fieldClass: 'finance',
        detail: { handlerPositionId: handler.positionId, before: existing?.handler_position_id ?? null },
      }),
    ]);
  });
  return getLedger(ctx, residentId);
}

export interface NewEntry {
  kind: CareMoneyEntryTable['kind'];
  signedFen: number;
  occurredOn: string;
  counterparty: string | null;
  purpose: string;
  correctsEntryId: string | null;
  errandId: string | null;
}

/**
 * Appends one entry inside the caller's transaction, numbered after the last (the account is locked
 * on PostgreSQL; SQLite has one writer), with its audit entry (never the amount).
 */
export async function appendEntry(
  trx: Kysely<DB>,
  ctx: AccessContext,
  account: CareMoneyAccountTable,
  entry: NewEntry,
): Promise<string> {
  if (!Number.isSafeInteger(entry.signedFen)) throw new AppError('request.invalid', { detail: 'amountFen' });
  await lockAccount(trx, account.id);
  const number = await nextEntryNumber(trx, account.id);
  const id = randomUUID();
  const now = ctx.clock();
  await insertEntry(trx, {
    id,
    account_id: account.id,
    resident_id: account.resident_id,
    number,
    kind: entry.kind,
    amount_fen: entry.signedFen,
    occurred_on: entry.occurredOn,
    counterparty: entry.counterparty,
    purpose: entry.purpose,
    corrects_entry_id: entry.correctsEntryId,
    errand_id: entry.errandId,
    recorded_by_user_id: ctx.actor.user.id,
    recorded_at: now.toISOString(),
  });
  await appendAudit(trx, now, [
    byActor(ctx.actor, {
      action: entry.kind === 'correction' ? 'care.money_correct' : 'care.money_entry',
      targetType: 'care_money_entry',
      targetId: id,
      residentId: account.resident_id,
      communityId: account.community_id,
      fieldClass: 'finance',
      detail: {
        number,
        kind: entry.kind,
        ...(entry.correctsEntryId ? { corrects: entry.correctsEntryId } : {}),
      },
    }),
  ]);
  return id;
}

async function presentOne(db: Kysely<DB>, account: CareMoneyAccountTable, id: string): Promise<TMoneyEntry> {
  const entries = await presentEntries(db, await entriesOf(db, account.id));
  return entries.find((e) => e.id === id) as TMoneyEntry;
}

/** The ledger the caller may write: the handler's, or any of the community's for workers and the committee. */
export async function writableAccount(
  ctx: AccessContext,
  residentId: string,
): Promise<CareMoneyAccountTable> {
  await requirePermission(ctx, 'care.money.write');
  return accountOr404(ctx, residentId);
}

export async function addMoneyEntry(
  ctx: AccessContext,
  residentId: string,
  input: z.output<typeof ZMoneyEntryInput>,
): Promise<TMoneyEntry> {
  const account = await writableAccount(ctx, residentId);
  const id = await ctx.db.transaction().execute((trx) =>
    appendEntry(trx, ctx, account, {
      kind: input.kind,
      signedFen: input.kind === 'received' ? input.amountFen : -input.amountFen,
      occurredOn: input.occurredOn ?? localDate(ctx.clock()),
      counterparty: input.counterparty,
      purpose: input.purpose,
      correctsEntryId: null,
      errandId: null,
    }),
  );
  return presentOne(ctx.db, account, id);
}

/** A correction is a new entry carrying the difference; it always names the original entry. */
export async function correctMoneyEntry(
  ctx: AccessContext,
  entryId: string,
  input: z.output<typeof ZMoneyCorrectionInput>,
): Promise<TMoneyEntry> {
  await requirePermission(ctx, 'care.money.write');
  const found = await entryOr404(ctx, entryId);
  const { account } = found;
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockAccount(trx, account.id);
    const rows = await entriesOf(trx, account.id);
    const original =
      found.entry.kind === 'correction' && found.entry.corrects_entry_id
        ? rows.find((r) => r.id === found.entry.corrects_entry_id)
        : rows.find((r) => r.id === found.entry.id);
    if (!original) throw new AppError('care.money_entry_not_found');
    const current = effectiveAmounts(rows.map(asLedgerEntry)).get(original.id) ?? Number(original.amount_fen);
    const delta = correctionDelta(original, current, input.correctAmountFen);
    if (delta === null) throw new AppError('care.money_correction_same', {}, 'correctAmountFen');
    return appendEntry(trx, ctx, account, {
      kind: 'correction',
      signedFen: delta,
      occurredOn: input.occurredOn ?? localDate(ctx.clock()),
      counterparty: original.counterparty,
      purpose: input.reason,
      correctsEntryId: original.id,
      errandId: null,
    });
  });
  return presentOne(ctx.db, account, id);
}

function receiptsDir(dataDir: string, entryId: string): string {
  return path.join(dataDir, 'receipts', entryId);
}

/** A receipt photo, checked by its content like report photos, kept beside the entry it proves. */
export async function addReceipt(
  ctx: MoneyContext & { dataDir: string },
  entryId: string,
  readUpload: () => Promise<Buffer>,
): Promise<TReceipt> {
  await requirePermission(ctx, 'care.money.write');
  const { entry, account } = await entryOr404(ctx, entryId);
  const bytes = await readUpload();
  const kind = await checkImage(bytes);
  const id = randomUUID();
  const fileName = `${id}.${kind.ext}`;
  const target = path.join(receiptsDir(ctx.dataDir, entry.id), fileName);
  await writeDurably(target, bytes);
  const now = ctx.clock();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertReceipt(trx, {
        id,
        entry_id: entry.id,
        file_name: fileName,
        mime: kind.mime,
        bytes: bytes.length,
        created_by_user_id: ctx.actor.user.id,
        created_at: now.toISOString(),
      });
      await appendAudit(trx, now, [
        byActor(ctx.actor, {
          action: 'care.money_receipt',
          targetType: 'care_money_entry',
          targetId: entry.id,
          residentId: account.resident_id,
          communityId: account.community_id,
          fieldClass: 'finance',
          detail: { receiptId: id, bytes: bytes.length, mime: kind.mime },
        }),
      ]);
    });
  } catch (error) {
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  return { id, mime: kind.mime, bytes: bytes.length };
}

export async function receiptFile(
  ctx: MoneyContext & { dataDir: string },
  entryId: string,
  receiptId: string,
): Promise<{ filePath: string; mime: string; bytes: number }> {
  await requirePermission(ctx, 'care.money.read');
  const { entry, account } = await entryOr404(ctx, entryId);
  const receipt = await findReceipt(ctx.db, entry.id, receiptId);
  if (!receipt) throw new AppError('care.receipt_not_found');
  const filePath = path.join(receiptsDir(ctx.dataDir, entry.id), path.basename(receipt.file_name));
  try {
    await fs.promises.access(filePath, fs.constants.R_OK);
  } catch {
    throw new AppError('care.receipt_not_found');
  }
  await ctx.db
    .transaction()
    .execute((trx) => appendAudit(trx, ctx.clock(), [readEntry(ctx, account, 'receipt')]));
  return { filePath, mime: receipt.mime, bytes: Number(receipt.bytes) };
}

/** The month's statement for the resident and her family: every read of it is audited. */
export async function monthlyStatement(
  ctx: AccessContext,
  residentId: string,
  month: string,
  purpose: 'statement' | 'statement.html' | 'statement.pdf' = 'statement',
): Promise<TStatement> {
  await requirePermission(ctx, 'care.money.read');
  const account = await accountOr404(ctx, residentId);
  const ledger = await presentLedger(ctx.db, account);
  const totals = monthTotals(
    ledger.entries.map((e) => ({
      id: e.id,
      number: e.number,
      kind: e.kind,
      amountFen: e.signedFen,
      occurredOn: e.occurredOn,
      correctsEntryId: e.correctsEntryId,
    })),
    month,
  );
  const { from, to } = monthBounds(month);
  const family = await familyToTell(ctx.db, residentId);
  await ctx.db
    .transaction()
    .execute((trx) => appendAudit(trx, ctx.clock(), [readEntry(ctx, account, purpose)]));
  return {
    resident: ledger.resident,
    handler: ledger.handler,
    month,
    openingBalanceFen: totals.openingFen,
    receivedFen: totals.receivedFen,
    spentFen: totals.spentFen,
    correctionsFen: totals.correctionsFen,
    closingBalanceFen: totals.closingFen,
    entries: ledger.entries.filter((e) => e.occurredOn >= from && e.occurredOn < to),
    familyToTell: family,
    generatedAt: ctx.clock().toISOString(),
  };
}

import { z } from 'zod';
import { TIERS } from '../roles';
import { ZAddress } from './registry';

/**
 * Door keys, errands and money handled on a resident's behalf, and family contacts (issue 5).
 *
 * Who sees what (ARCHITECTURE brief): keys, errands and the money ledger are seen by workers and the
 * committee of the community, and by a chain role (branch … building leader) only when one of their
 * own positions holds the key / does the errand / handles the money. Everyone else gets 403 (their role
 * never may) or 404 (this record is not theirs — the same answer as a record that does not exist).
 * Every read of a key, an errand or the ledger is written to the audit trail as `read.sensitive` with
 * the resident and the class (`keys` or `finance`), never the value. Family contacts follow the
 * household scope (contact class).
 *
 * Money is in fen (分), integers only: 1 yuan = 100 fen. A ledger entry is never edited or deleted
 * (the database refuses it); a correction is a new entry that names the entry it corrects.
 *
 * Endpoints (all under the session cookie; POST/PATCH need x-csrf-token):
 *   GET   /api/v1/care/keys?residentId&householdId&includeReturned&buildingId&holderPositionId&q&sort
 *         &limit&offset → ZKeyList (with total); /api/v1/care/keys/export → .xlsx (careTables.ts)
 *   POST  /api/v1/care/keys                          ZKeyInput → ZKey             (worker, committee)
 *   GET   /api/v1/care/keys/:id                      → ZKey (with its uses)
 *   POST  /api/v1/care/keys/:id/uses                 ZKeyUseInput → ZKey          (holder, worker, committee)
 *   POST  /api/v1/care/keys/:id/return               ZKeyReturnInput → ZKey       (holder, worker, committee)
 *
 *   GET   /api/v1/care/errands?residentId&positionId&includeEnded&status&kind&buildingId&q&sort
 *         &limit&offset → ZErrandList (with total); /api/v1/care/errands/export → .xlsx (careTables.ts)
 *   POST  /api/v1/care/errands                       ZErrandInput → ZErrand       (worker, committee)
 *   GET   /api/v1/care/errands/due?positionId        → ZErrandsDue (due today or overdue; chain roles: their own)
 *   GET   /api/v1/care/errands/:id                   → ZErrand (with the times it was done)
 *   PATCH /api/v1/care/errands/:id                   ZErrandPatch → ZErrand       (worker, committee)
 *   POST  /api/v1/care/errands/:id/done              ZErrandDoneInput → ZErrand   (doer, worker, committee)
 *
 *   GET   /api/v1/care/residents/:id/money           → ZLedger (entries oldest first, running balance)
 *   POST  /api/v1/care/residents/:id/money           ZMoneyAccountInput → ZLedger (open it / change the handler; worker, committee)
 *   POST  /api/v1/care/residents/:id/money/entries   ZMoneyEntryInput → ZMoneyEntry (handler, worker, committee)
 *   POST  /api/v1/care/money/entries/:id/corrections ZMoneyCorrectionInput → ZMoneyEntry (the new entry)
 *   POST  /api/v1/care/money/entries/:id/receipts    multipart field `file` (JPEG/PNG/WebP, checked by content) → ZReceipt
 *   GET   /api/v1/care/money/entries/:id/receipts/:receiptId → the image
 *   GET   /api/v1/care/residents/:id/money/statement?month=YYYY-MM      → ZStatement
 *   GET   /api/v1/care/residents/:id/money/statement.html?month=YYYY-MM → large-print printable page
 *   GET   /api/v1/care/residents/:id/money/statement.pdf?month=YYYY-MM  → application/pdf
 *
 *   GET   /api/v1/care/residents/:id/family          → ZFamilyContactList
 *   POST  /api/v1/care/residents/:id/family          ZFamilyContactInput → ZFamilyContact
 *   PATCH /api/v1/care/family/:id                    ZFamilyContactPatch → ZFamilyContact
 */

const ZDate = z.iso.date();
export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/** A sum of money in fen: a whole number, never a float. */
export const ZFen = z.number().int().safe();
export const ZPositiveFen = ZFen.min(1).max(100_000_000);

export const ZResidentParam = z.object({ id: z.uuid() });
export const ZReceiptParams = z.object({ id: z.uuid(), receiptId: z.uuid() });
export const ZMonthQuery = z.object({ month: ZMonth });

/** Someone who holds a key, does an errand or handles money: a position in the chain, or a named person. */
export const ZCarer = z.object({
  positionId: z.uuid().nullable(),
  tier: z.enum(TIERS).nullable(),
  name: z.string(),
  phone: z.string().nullable(),
});
export type TCarer = z.infer<typeof ZCarer>;

/** Either a position in the chain, or a person outside it (a neighbour, a relative) by name and phone. */
export const ZCarerInput = z
  .object({
    positionId: z.uuid().optional(),
    name: z.string().trim().min(1).max(60).optional(),
    phone: z.string().trim().min(3).max(30).optional(),
  })
  .refine((c) => Boolean(c.positionId) !== Boolean(c.name), {
    message: 'positionId or name, not both',
  });

export const ZResidentRef = z.object({
  residentId: z.uuid(),
  householdId: z.uuid(),
  name: z.string(),
  address: ZAddress,
});
export type TResidentRef = z.infer<typeof ZResidentRef>;

// ---------------------------------------------------------------- door keys (钥匙托管)

export const CONSENT_FORMS = ['written', 'verbal'] as const;
export type ConsentForm = (typeof CONSENT_FORMS)[number];

export const ZKeyInput = z.object({
  residentId: z.uuid(),
  /** Which door: "front door", "mailbox" … */
  label: z.string().trim().min(1).max(60).default('入户门'),
  holder: ZCarerInput,
  heldSince: ZDate,
  consent: z.object({
    date: ZDate,
    form: z.enum(CONSENT_FORMS),
    /** Someone who saw the resident agree; required for verbal consent. */
    witness: z.string().trim().min(1).max(60).optional(),
  }),
  note: z.string().trim().max(500).optional(),
});
export type TKeyInput = z.input<typeof ZKeyInput>;

export const ZKeyUseInput = z.object({
  /** When the key was used; defaults to now. ISO-8601. */
  usedAt: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().trim().min(1).max(500),
  /** Who was present (names, free text). */
  present: z.string().trim().min(1).max(200),
});
export type TKeyUseInput = z.input<typeof ZKeyUseInput>;

export const ZKeyReturnInput = z.object({
  returnedOn: ZDate.optional(),
  /** To whom: the resident, a relative … */
  returnedTo: z.string().trim().min(1).max(60),
  note: z.string().trim().max(500).optional(),
});

export const ZKeyUse = z.object({
  id: z.uuid(),
  usedAt: z.string(),
  reason: z.string(),
  present: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const ZKey = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  resident: ZResidentRef,
  label: z.string(),
  holder: ZCarer,
  heldSince: z.string(),
  consent: z.object({ date: z.string(), form: z.enum(CONSENT_FORMS), witness: z.string().nullable() }),
  note: z.string().nullable(),
  returned: z
    .object({ on: z.string(), to: z.string(), note: z.string().nullable(), recordedBy: z.string() })
    .nullable(),
  /** Newest first; in the list view only the count is filled (uses: []). */
  uses: z.array(ZKeyUse),
  useCount: z.number().int(),
  createdAt: z.string(),
});
export type TKey = z.infer<typeof ZKey>;

/** Orders of the keys table; a leading `-` turns it round. Without `sort`: newest registered first. */
export const KEY_SORTS = [
  'address',
  '-address',
  'name',
  '-name',
  'heldSince',
  '-heldSince',
  'holder',
  '-holder',
  'uses',
  '-uses',
] as const;
export type KeySort = (typeof KEY_SORTS)[number];

export const ZKeyFilters = z.object({
  residentId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  includeReturned: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  buildingId: z.uuid().optional(),
  /** Keys held by this position. */
  holderPositionId: z.uuid().optional(),
  /** The resident's name, or the start of an address `3-2-401`. */
  q: z.string().trim().max(40).optional(),
  sort: z.enum(KEY_SORTS).optional(),
});
export const ZKeyListQuery = ZKeyFilters.extend({
  limit: z.coerce.number().int().min(1).max(500).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TKeyListQuery = z.output<typeof ZKeyListQuery>;
/** `total`: every key that matches the filters, of which `items` is the page asked for. */
export const ZKeyList = z.object({ total: z.number().int(), items: z.array(ZKey) });
export type TKeyList = z.infer<typeof ZKeyList>;

// ---------------------------------------------------------------- errands (代办、代缴)

export const ERRAND_KINDS = ['pay_fee', 'collect_medicine', 'shopping', 'paperwork', 'other'] as const;
export type ErrandKind = (typeof ERRAND_KINDS)[number];

/** monthly on day N (the last day in shorter months), every N days, every N weeks. */
export const ZErrandSchedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(31) }),
  z.object({ kind: z.literal('every_days'), every: z.number().int().min(1).max(366) }),
  z.object({ kind: z.literal('every_weeks'), every: z.number().int().min(1).max(52) }),
]);
export type TErrandSchedule = z.infer<typeof ZErrandSchedule>;

export const ZErrandInput = z.object({
  residentId: z.uuid(),
  kind: z.enum(ERRAND_KINDS),
  /** "Pay the nursing-home fee", "collect blood-pressure medicine" */
  title: z.string().trim().min(1).max(100),
  schedule: ZErrandSchedule,
  /** The first day it may fall due. */
  startsOn: ZDate,
  doer: ZCarerInput,
  /** Expected amount, if money changes hands (fen). */
  expectedFen: ZPositiveFen.optional(),
  /** Paid to / collected from: the nursing home, the clinic. */
  counterparty: z.string().trim().min(1).max(100).optional(),
  note: z.string().trim().max(500).optional(),
});
export type TErrandInput = z.input<typeof ZErrandInput>;

export const ZErrandPatch = z.object({
  title: z.string().trim().min(1).max(100).optional(),
  schedule: ZErrandSchedule.optional(),
  doer: ZCarerInput.optional(),
  expectedFen: ZPositiveFen.nullable().optional(),
  counterparty: z.string().trim().min(1).max(100).nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
  /** Stops the errand; it stays in history. */
  end: z.boolean().optional(),
});

export const ZErrandDoneInput = z.object({
  /** Which occurrence: defaults to the earliest one not yet done. */
  dueOn: ZDate.optional(),
  doneAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).optional(),
  /**
   * Money spent doing it, entered in the resident's ledger in the same step (only for whoever may write
   * the ledger: the handler, a worker or the committee).
   */
  spent: z
    .object({
      amountFen: ZPositiveFen,
      counterparty: z.string().trim().min(1).max(100).optional(),
    })
    .optional(),
});

export const ERRAND_STATUSES = ['overdue', 'due_today', 'upcoming', 'ended'] as const;
export type ErrandStatus = (typeof ERRAND_STATUSES)[number];

export const ZErrandDone = z.object({
  id: z.uuid(),
  dueOn: z.string(),
  doneAt: z.string(),
  doneBy: z.string(),
  note: z.string().nullable(),
  moneyEntryId: z.uuid().nullable(),
});

export const ZErrand = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  resident: ZResidentRef,
  kind: z.enum(ERRAND_KINDS),
  title: z.string(),
  schedule: ZErrandSchedule,
  startsOn: z.string(),
  doer: ZCarer,
  expectedFen: ZFen.nullable(),
  counterparty: z.string().nullable(),
  note: z.string().nullable(),
  /** The earliest occurrence not yet done (null once ended). */
  nextDueOn: z.string().nullable(),
  /** Occurrences due on or before today and not done. */
  overdueCount: z.number().int(),
  status: z.enum(ERRAND_STATUSES),
  /** Newest first; in lists only the last one. */
  done: z.array(ZErrandDone),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type TErrand = z.infer<typeof ZErrand>;

/** Orders of the errands table; a leading `-` turns it round. Without `sort`: oldest set up first. */
export const ERRAND_SORTS = [
  'nextDue',
  '-nextDue',
  'address',
  '-address',
  'name',
  '-name',
  'overdue',
  '-overdue',
  'doer',
  '-doer',
] as const;
export type ErrandSort = (typeof ERRAND_SORTS)[number];

export const ZErrandFilters = z.object({
  residentId: z.uuid().optional(),
  positionId: z.uuid().optional(),
  includeEnded: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  status: z.enum(ERRAND_STATUSES).optional(),
  kind: z.enum(ERRAND_KINDS).optional(),
  buildingId: z.uuid().optional(),
  /** The resident's name, the errand's title, or the start of an address `3-2-401`. */
  q: z.string().trim().max(40).optional(),
  sort: z.enum(ERRAND_SORTS).optional(),
});
export const ZErrandListQuery = ZErrandFilters.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TErrandListQuery = z.output<typeof ZErrandListQuery>;
/** `total`: every errand that matches the filters, of which `items` is the page asked for. */
export const ZErrandList = z.object({ total: z.number().int(), items: z.array(ZErrand) });
export type TErrandList = z.infer<typeof ZErrandList>;

export const ZErrandsDueQuery = z.object({ positionId: z.uuid().optional() });
/** Reminders: what is due today or overdue, grouped by who does it. */
export const ZErrandsDue = z.object({
  today: z.string(),
  people: z.array(z.object({ doer: ZCarer, errands: z.array(ZErrand) })),
});
export type TErrandsDue = z.infer<typeof ZErrandsDue>;

// ---------------------------------------------------------------- money ledger

export const MONEY_ENTRY_KINDS = ['received', 'spent', 'correction'] as const;
export type MoneyEntryKind = (typeof MONEY_ENTRY_KINDS)[number];

export const ZMoneyAccountInput = z.object({
  /** Who handles the money. */
  handler: ZCarerInput,
  note: z.string().trim().max(500).optional(),
});

export const ZMoneyEntryInput = z.object({
  kind: z.enum(['received', 'spent']),
  amountFen: ZPositiveFen,
  /** The day the money changed hands; defaults to today. */
  occurredOn: ZDate.optional(),
  /** Received from whom (her pension, her son) / paid to whom (the nursing home). */
  counterparty: z.string().trim().min(1).max(100),
  /** What for: "November nursing-home fee". */
  purpose: z.string().trim().min(1).max(200),
});
export type TMoneyEntryInput = z.input<typeof ZMoneyEntryInput>;

/**
 * Corrects an earlier entry by a new one: state what the amount should have been (0 cancels it);
 * the new entry carries the difference, so the balance comes right and the history stays.
 */
export const ZMoneyCorrectionInput = z.object({
  correctAmountFen: ZFen.min(0).max(100_000_000),
  reason: z.string().trim().min(1).max(200),
  occurredOn: ZDate.optional(),
});

export const ZReceipt = z.object({ id: z.uuid(), mime: z.string(), bytes: z.number().int() });
export type TReceipt = z.infer<typeof ZReceipt>;

export const ZMoneyEntry = z.object({
  id: z.uuid(),
  /** 1, 2, 3 … in the order recorded, per resident. */
  number: z.number().int(),
  kind: z.enum(MONEY_ENTRY_KINDS),
  /** Signed: received +, spent −, a correction the difference it makes. */
  signedFen: ZFen,
  occurredOn: z.string(),
  counterparty: z.string().nullable(),
  purpose: z.string(),
  /** For a correction: the entry it corrects (always the original, never another correction). */
  correctsEntryId: z.uuid().nullable(),
  correctsNumber: z.number().int().nullable(),
  /** For an entry that was corrected: the corrections, in order. */
  correctedBy: z.array(z.number().int()),
  /** The amount the entry stands at after its corrections (fen, signed). */
  effectiveFen: ZFen,
  errandId: z.uuid().nullable(),
  receipts: z.array(ZReceipt),
  /** The balance after this entry. */
  balanceFen: ZFen,
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type TMoneyEntry = z.infer<typeof ZMoneyEntry>;

export const ZLedger = z.object({
  resident: ZResidentRef,
  handler: ZCarer,
  openedAt: z.string(),
  note: z.string().nullable(),
  balanceFen: ZFen,
  entries: z.array(ZMoneyEntry),
});
export type TLedger = z.infer<typeof ZLedger>;

export const ZStatement = z.object({
  resident: ZResidentRef,
  handler: ZCarer,
  month: z.string(),
  openingBalanceFen: ZFen,
  receivedFen: ZFen,
  spentFen: ZFen,
  /** Corrections recorded this month, net. */
  correctionsFen: ZFen,
  closingBalanceFen: ZFen,
  entries: z.array(ZMoneyEntry),
  /** Family contacts who agreed to be told: the statement is for them too. */
  familyToTell: z.array(z.object({ name: z.string(), relation: z.string() })),
  generatedAt: z.string(),
});
export type TStatement = z.infer<typeof ZStatement>;

// ---------------------------------------------------------------- family contacts

export const ZFamilyContactInput = z.object({
  name: z.string().trim().min(1).max(60),
  /** 女儿, 儿子, 侄子 … */
  relation: z.string().trim().min(1).max(30),
  phone: z.string().trim().min(3).max(30).optional(),
  /** May we tell them about her (a missed check-in, the monthly statement)? */
  consentToBeTold: z.boolean(),
  consentDate: ZDate.optional(),
  note: z.string().trim().max(500).optional(),
});
export type TFamilyContactInput = z.input<typeof ZFamilyContactInput>;

export const ZFamilyContactPatch = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  relation: z.string().trim().min(1).max(30).optional(),
  phone: z.string().trim().min(3).max(30).nullable().optional(),
  consentToBeTold: z.boolean().optional(),
  consentDate: ZDate.optional(),
  note: z.string().trim().max(500).nullable().optional(),
  /** No longer a contact; kept in history. */
  remove: z.boolean().optional(),
});

export const ZFamilyContact = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  name: z.string(),
  relation: z.string(),
  phone: z.string().nullable(),
  consentToBeTold: z.boolean(),
  /** The day consent was given or withdrawn. */
  consentDate: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TFamilyContact = z.infer<typeof ZFamilyContact>;
export const ZFamilyContactList = z.object({ items: z.array(ZFamilyContact) });

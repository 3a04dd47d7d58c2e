import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type ErrandSchedule, errandStanding, isOccurrence } from '../../domain/care/moneyErrandSchedule';
import type {
  TErrand,
  TErrandSchedule,
  TErrandsDue,
  ZErrandDoneInput,
  ZErrandInput,
  ZErrandPatch,
} from '../../shared/contracts/careKeysMoney';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, hasPermission, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { CareErrandTable } from '../db/schema';
import { AppError } from '../http/errors';
import {
  doneOf,
  findErrandVisible,
  insertDone,
  insertErrand,
  listErrandsVisible,
  updateErrand,
} from './errands.repository';
import {
  auditSensitiveReads,
  mayCarry,
  presentCarers,
  refOf,
  residentInScope,
  residentsById,
  resolveCarer,
  seesCommunityWide,
  userNames,
} from './keysMoney.common';
import { findAccountVisible } from './money.repository';
import { appendEntry } from './money.usecases';

/**
 * Recurring errands done on a resident's behalf (代办、代缴): when each falls due, who does it, the list
 * of what is due today or overdue per person, and a record of each time done. Part of "money handled on
 * a resident's behalf": workers and the committee see them, a chain role only the errands it does, and
 * every read is audited (class `finance`).
 */

function scheduleOf(row: CareErrandTable): ErrandSchedule {
  return { kind: row.schedule_kind, n: Number(row.schedule_n) };
}

function scheduleOut(row: CareErrandTable): TErrandSchedule {
  return row.schedule_kind === 'monthly'
    ? { kind: 'monthly', day: Number(row.schedule_n) }
    : { kind: row.schedule_kind, every: Number(row.schedule_n) };
}

function scheduleColumns(s: TErrandSchedule): Pick<CareErrandTable, 'schedule_kind' | 'schedule_n'> {
  return { schedule_kind: s.kind, schedule_n: s.kind === 'monthly' ? s.day : s.every };
}

/** Errands as the caller sees them, without auditing the read: the caller audits what it hands out. */
export async function presentErrands(
  ctx: AccessContext,
  rows: CareErrandTable[],
  allDone: boolean,
): Promise<TErrand[]> {
  const today = localDate(ctx.clock());
  const [residents, done, carer] = await Promise.all([
    residentsById(
      ctx.db,
      rows.map((r) => r.resident_id),
    ),
    doneOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
    presentCarers(
      ctx.db,
      rows.map((r) => ({ positionId: r.doer_position_id, name: r.doer_name, phone: r.doer_phone })),
    ),
  ]);
  const names = await userNames(
    ctx.db,
    done.map((d) => d.done_by_user_id),
  );
  return rows.flatMap((r) => {
    const resident = residents.get(r.resident_id);
    if (!resident) return [];
    const own = done.filter((d) => d.errand_id === r.id);
    const lastDone = own.reduce<string | null>(
      (max, d) => (max === null || d.due_on > max ? d.due_on : max),
      null,
    );
    const standing = errandStanding(scheduleOf(r), r.starts_on, lastDone, today, r.ended_at !== null);
    return [
      {
        id: r.id,
        communityId: r.community_id,
        resident: refOf(resident),
        kind: r.kind as TErrand['kind'],
        title: r.title,
        schedule: scheduleOut(r),
        startsOn: r.starts_on,
        doer: carer({ positionId: r.doer_position_id, name: r.doer_name, phone: r.doer_phone }),
        expectedFen: r.expected_fen === null ? null : Number(r.expected_fen),
        counterparty: r.counterparty,
        note: r.note,
        nextDueOn: standing.nextDueOn,
        overdueCount: standing.overdueCount,
        status: standing.status,
        done: (allDone ? own : own.slice(0, 1)).map((d) => ({
          id: d.id,
          dueOn: d.due_on,
          doneAt: d.done_at,
          doneBy: names.get(d.done_by_user_id) ?? '',
          note: d.note,
          moneyEntryId: d.money_entry_id,
        })),
        createdAt: r.created_at,
        endedAt: r.ended_at,
      },
    ];
  });
}

async function readErrands(
  ctx: AccessContext,
  rows: CareErrandTable[],
  allDone: boolean,
): Promise<TErrand[]> {
  const errands = await presentErrands(ctx, rows, allDone);
  await auditSensitiveReads(ctx, 'care_errand', rows, 'finance');
  return errands;
}

async function errandOr404(ctx: AccessContext, id: string): Promise<CareErrandTable> {
  const row = await findErrandVisible(ctx.db, ctx.actor.scope, id);
  if (!row) return denyNotFound(ctx, new AppError('care.errand_not_found'), { type: 'care_errand', id });
  return row;
}

export async function getErrand(ctx: AccessContext, id: string): Promise<TErrand> {
  await requirePermission(ctx, 'care.errands.read');
  const [errand] = await readErrands(ctx, [await errandOr404(ctx, id)], true);
  return errand as TErrand;
}

/**
 * Reminders: the errands due today or overdue, grouped by who does them. Chain roles get their own;
 * workers and the committee everyone's, or one position's.
 */
export async function errandsDue(ctx: AccessContext, positionId: string | undefined): Promise<TErrandsDue> {
  await requirePermission(ctx, 'care.errands.read');
  const scope = ctx.actor.scope;
  const rows = await listErrandsVisible(ctx.db, scope, {
    positionId: seesCommunityWide(scope) ? positionId : undefined,
    includeEnded: false,
  });
  const all = await presentErrands(ctx, rows, false);
  const due = all.filter((e) => e.status === 'overdue' || e.status === 'due_today');
  const dueRows = rows.filter((r) => due.some((e) => e.id === r.id));
  await readErrands(ctx, dueRows, false);
  const groups = new Map<string, TErrandsDue['people'][number]>();
  for (const e of due) {
    const key = e.doer.positionId ?? `name:${e.doer.name}`;
    const group = groups.get(key) ?? { doer: e.doer, errands: [] };
    group.errands.push(e);
    groups.set(key, group);
  }
  const people = [...groups.values()];
  for (const p of people) p.errands.sort((a, b) => ((a.nextDueOn ?? '') < (b.nextDueOn ?? '') ? -1 : 1));
  return { today: localDate(ctx.clock()), people };
}

export async function createErrand(
  ctx: AccessContext,
  input: z.output<typeof ZErrandInput>,
): Promise<TErrand> {
  await requirePermission(ctx, 'care.errands.manage');
  const resident = await residentInScope(ctx.db, ctx.actor.scope, input.residentId);
  if (!resident) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: input.residentId,
    });
  }
  const now = ctx.clock();
  const doer = await resolveCarer(ctx.db, resident.communityId, input.doer, localDate(now), 'doer');
  const row: CareErrandTable = {
    id: randomUUID(),
    community_id: resident.communityId,
    household_id: resident.householdId,
    resident_id: resident.residentId,
    kind: input.kind,
    title: input.title,
    ...scheduleColumns(input.schedule),
    starts_on: input.startsOn,
    doer_position_id: doer.positionId,
    doer_name: doer.name,
    doer_phone: doer.phone,
    expected_fen: input.expectedFen ?? null,
    counterparty: input.counterparty ?? null,
    note: input.note ?? null,
    created_by_user_id: ctx.actor.user.id,
    created_at: now.toISOString(),
    ended_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertErrand(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'care.errand_create',
        targetType: 'care_errand',
        targetId: row.id,
        residentId: row.resident_id,
        communityId: row.community_id,
        fieldClass: 'finance',
      }),
    ]);
  });
  return getErrand(ctx, row.id);
}

export async function patchErrand(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZErrandPatch>,
): Promise<TErrand> {
  await requirePermission(ctx, 'care.errands.manage');
  const row = await errandOr404(ctx, id);
  if (row.ended_at) throw new AppError('care.errand_ended');
  const now = ctx.clock();
  const set: Partial<CareErrandTable> = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.schedule) Object.assign(set, scheduleColumns(input.schedule));
  if (input.doer) {
    const doer = await resolveCarer(ctx.db, row.community_id, input.doer, localDate(now), 'doer');
    Object.assign(set, { doer_position_id: doer.positionId, doer_name: doer.name, doer_phone: doer.phone });
  }
  if (input.expectedFen !== undefined) set.expected_fen = input.expectedFen;
  if (input.counterparty !== undefined) set.counterparty = input.counterparty;
  if (input.note !== undefined) set.note = input.note;
  if (input.end) set.ended_at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (Object.keys(set).length > 0) await updateErrand(trx, id, set);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'care.errand_edit',
        targetType: 'care_errand',
        targetId: id,
        residentId: row.resident_id,
        communityId: row.community_id,
        fieldClass: 'finance',
        detail: { fields: Object.keys(set) },
      }),
    ]);
  });
  return getErrand(ctx, id);
}

/** Records one occurrence done (by default the earliest not yet done), with the money spent if any. */
export async function markErrandDone(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZErrandDoneInput>,
): Promise<TErrand> {
  await requirePermission(ctx, 'care.errands.done');
  const row = await errandOr404(ctx, id);
  if (!mayCarry(ctx.actor.scope, row.community_id, row.doer_position_id))
    throw new AppError('auth.forbidden');
  if (row.ended_at) throw new AppError('care.errand_ended');
  const now = ctx.clock();
  const today = localDate(now);
  const done = await doneOf(ctx.db, [row.id]);
  const lastDone = done[0]?.due_on ?? null;
  const dueOn =
    input.dueOn ?? errandStanding(scheduleOf(row), row.starts_on, lastDone, today, false).nextDueOn;
  if (!dueOn || dueOn < row.starts_on || !isOccurrence(scheduleOf(row), row.starts_on, dueOn)) {
    throw new AppError('care.errand_not_due_then', { dueOn: dueOn ?? '' }, 'dueOn');
  }
  if (done.some((d) => d.due_on === dueOn))
    throw new AppError('care.errand_already_done', { dueOn }, 'dueOn');
  // Money spent on it goes in the ledger in the same step: only for whoever may write the ledger.
  const account = input.spent
    ? await findAccountVisible(ctx.db, ctx.actor.scope, row.resident_id)
    : undefined;
  if (input.spent && (!account || !hasPermission(ctx.actor, 'care.money.write'))) {
    return denyNotFound(ctx, new AppError('care.money_not_found'), {
      type: 'care_money_account',
      id: row.resident_id,
    });
  }
  const doneAt = input.doneAt ? new Date(input.doneAt).toISOString() : now.toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const moneyEntryId =
        input.spent && account
          ? await appendEntry(trx, ctx, account, {
              kind: 'spent',
              signedFen: -input.spent.amountFen,
              occurredOn: localDate(new Date(doneAt)),
              counterparty: input.spent.counterparty ?? row.counterparty,
              purpose: `${row.title}（${dueOn}）`,
              correctsEntryId: null,
              errandId: row.id,
            })
          : null;
      await insertDone(trx, {
        id: randomUUID(),
        errand_id: row.id,
        due_on: dueOn,
        done_at: doneAt,
        done_by_user_id: ctx.actor.user.id,
        note: input.note ?? null,
        money_entry_id: moneyEntryId,
        created_at: now.toISOString(),
      });
      await appendAudit(trx, now, [
        byActor(ctx.actor, {
          action: 'care.errand_done',
          targetType: 'care_errand',
          targetId: row.id,
          residentId: row.resident_id,
          communityId: row.community_id,
          fieldClass: 'finance',
          detail: { dueOn, moneyEntryId },
        }),
      ]);
    });
  } catch (error) {
    // Two phones recording the same occurrence at once: the unique key lets one through.
    const again = await doneOf(ctx.db, [row.id]);
    if (again.some((d) => d.due_on === dueOn))
      throw new AppError('care.errand_already_done', { dueOn }, 'dueOn');
    throw error;
  }
  return getErrand(ctx, id);
}

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { noticeEnded, oneYearAfter } from '../../domain/welfare/notice';
import type {
  TApplication,
  ZApplicationInput,
  ZApplicationListQuery,
  ZCloseInput,
  ZReviewInput,
} from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { residentInScope } from '../care/keysMoney.common';
import { localDate } from '../clock';
import type { WelfareApplicationTable } from '../db/schema';
import { AppError } from '../http/errors';
import {
  applicationsInScope,
  findApplicationInScope,
  insertApplication,
  moveApplication,
  presentMember,
  residentNames,
  userNames,
} from './applications.repository';
import { findDecision } from './decisions.repository';
import {
  householdOr404,
  keepDecision,
  labelOf,
  presentDecisions,
  recordReads,
  welfareRead,
} from './decisions.usecases';
import { householdsById } from './households.repository';
import { findNotice, unansweredObjections } from './notices.repository';
import { policies, policyOrFail } from './policies';
import { insertRosterEntry } from './roster.repository';

/**
 * Applications (申请): filed for a household, often at the door, with its documents checklist and the
 * evaluation of that day; reviewed by the committee; put on a public notice; approved once the notice
 * is over and every objection answered, which puts the household on the roster. Nothing is deleted: a
 * rejection closes the application, an upheld objection sends it back to the committee.
 *
 *   filed ──review──▶ reviewed ──notice──▶ on_notice ──approve──▶ approved (+ roster row)
 *     │                  │                     │ upheld objection ──▶ filed (re-review)
 *     └──────────────────┴─────────reject──────┴──▶ rejected
 */

type Status = WelfareApplicationTable['status'];
type Documents = { key: string; label: string; received: boolean }[];

export function policyTitle(policyId: string, lang: Language): string {
  return labelOf(policies().find((p) => p.id === policyId)?.title, lang) ?? policyId;
}

async function present(
  ctx: AccessContext,
  rows: readonly WelfareApplicationTable[],
  lang: Language,
): Promise<Omit<TApplication, 'decision'>[]> {
  const [households, applicants, users] = await Promise.all([
    householdsById(
      ctx.db,
      rows.map((r) => r.household_id),
    ),
    residentNames(
      ctx.db,
      rows.map((r) => r.applicant_resident_id),
    ),
    userNames(
      ctx.db,
      rows.flatMap((r) => [r.filed_by_user_id, r.reviewed_by_user_id, r.closed_by_user_id]),
    ),
  ]);
  return rows.flatMap((r) => {
    const household = households.get(r.household_id);
    if (!household) return [];
    const documents = JSON.parse(r.documents) as Documents;
    const name = (id: string | null) => (id === null ? null : (users.get(id) ?? ''));
    return [
      {
        id: r.id,
        household: { householdId: household.householdId, address: household.address, name: household.name },
        applicantName: applicants.get(r.applicant_resident_id) ?? '',
        policyId: r.policy_id,
        policyTitle: policyTitle(r.policy_id, lang),
        status: r.status,
        documents,
        missingDocuments: documents.filter((d) => !d.received).map((d) => d.label),
        note: r.note,
        filedBy: name(r.filed_by_user_id) ?? '',
        filedAt: r.filed_at,
        reviewedBy: name(r.reviewed_by_user_id),
        reviewedAt: r.reviewed_at,
        reviewNote: r.review_note,
        noticeId: r.notice_id,
        closedBy: name(r.closed_by_user_id),
        closedAt: r.closed_at,
        closeNote: r.close_note,
      },
    ];
  });
}

function readOf(ctx: AccessContext, row: WelfareApplicationTable) {
  return welfareRead(ctx, { type: 'welfare_application', id: row.id, communityId: row.community_id });
}

/** One application with its decision, its read recorded. */
async function presentOne(
  ctx: AccessContext,
  row: WelfareApplicationTable,
  lang: Language,
): Promise<TApplication> {
  const decisionRow = await findDecision(ctx.db, row.decision_id);
  if (!decisionRow) throw new Error(`application ${row.id} names a decision that does not exist`);
  const [[application], [decision]] = await Promise.all([
    present(ctx, [row], lang),
    presentDecisions(ctx, [decisionRow], lang),
  ]);
  if (!application || !decision) throw new Error(`application ${row.id} could not be presented`);
  await recordReads(ctx, [readOf(ctx, row)]);
  return { ...application, decision };
}

export async function applicationOr404(ctx: AccessContext, id: string): Promise<WelfareApplicationTable> {
  const row = await findApplicationInScope(ctx.db, ctx.actor.scope, id);
  if (row) return row;
  return denyNotFound(ctx, new AppError('welfare.application_not_found'), {
    type: 'welfare_application',
    id,
  });
}

function wrongStatus(row: WelfareApplicationTable, expected: readonly Status[]): AppError {
  return new AppError('welfare.application_wrong_status', {
    status: row.status,
    expected: expected.join(' / '),
  });
}

/**
 * Moves the application from one of `from` to a new status with the audit entry, in one transaction;
 * refuses with 409 when it is not (or no longer) in `from`. `then` runs in the same transaction.
 */
async function transition(
  ctx: AccessContext,
  row: WelfareApplicationTable,
  from: readonly Status[],
  set: Omit<Parameters<typeof moveApplication>[3], 'updated_at'>,
  action: string,
  then?: (trx: AccessContext['db']) => Promise<void>,
): Promise<void> {
  if (!from.includes(row.status)) throw wrongStatus(row, from);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await moveApplication(trx, row.id, from, { ...set, updated_at: now.toISOString() }))) {
      throw wrongStatus(row, from);
    }
    await then?.(trx);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action,
        targetType: 'welfare_application',
        targetId: row.id,
        communityId: row.community_id,
        detail: { from: row.status, to: set.status },
      }),
    ]);
  });
}

export async function fileApplication(
  ctx: AccessContext,
  input: z.output<typeof ZApplicationInput>,
  lang: Language,
): Promise<TApplication> {
  await requirePermission(ctx, 'welfare.write');
  const household = await householdOr404(ctx, input.householdId);
  const policy = policyOrFail(input.policyId);
  // An applicant the caller cannot see is not found, like an id in the path (issue 21); one of theirs
  // who does not live in this household is the caller's mistake, said as such.
  if (!(await residentInScope(ctx.db, ctx.actor.scope, input.applicantResidentId)))
    return denyNotFound(ctx, new AppError('registry.resident_not_found', {}, 'applicantResidentId'), {
      type: 'resident',
      id: input.applicantResidentId,
    });
  if (!(await presentMember(ctx.db, household.householdId, input.applicantResidentId))) {
    throw new AppError('welfare.applicant_not_member', {}, 'applicantResidentId');
  }
  const decision = await keepDecision(ctx, household, policy, localDate(ctx.clock()), null);
  const now = ctx.clock().toISOString();
  const row: WelfareApplicationTable = {
    id: randomUUID(),
    community_id: household.communityId,
    household_id: household.householdId,
    applicant_resident_id: input.applicantResidentId,
    policy_id: policy.id,
    status: 'filed',
    documents: JSON.stringify(input.documents),
    decision_id: decision.id,
    note: input.note ?? null,
    filed_by_user_id: ctx.actor.user.id,
    filed_at: now,
    reviewed_by_user_id: null,
    reviewed_at: null,
    review_note: null,
    notice_id: null,
    closed_by_user_id: null,
    closed_at: null,
    close_note: null,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertApplication(trx, row);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'welfare.application.filed',
        targetType: 'welfare_application',
        targetId: row.id,
        communityId: row.community_id,
        detail: { policyId: policy.id, decisionId: decision.id },
      }),
    ]);
  });
  return presentOne(ctx, row, lang);
}

export async function listApplications(
  ctx: AccessContext,
  query: z.output<typeof ZApplicationListQuery>,
  lang: Language,
) {
  await requirePermission(ctx, 'welfare.read');
  const rows = await applicationsInScope(ctx.db, ctx.actor.scope, query);
  const applications = await present(ctx, rows, lang);
  await recordReads(
    ctx,
    rows.map((r) => readOf(ctx, r)),
  );
  return { applications };
}

export async function getApplication(ctx: AccessContext, id: string, lang: Language): Promise<TApplication> {
  await requirePermission(ctx, 'welfare.read');
  return presentOne(ctx, await applicationOr404(ctx, id), lang);
}

/** The committee's review: approval makes it ready for a notice, refusal closes it. */
export async function reviewApplication(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZReviewInput>,
  lang: Language,
): Promise<TApplication> {
  await requirePermission(ctx, 'welfare.review');
  const row = await applicationOr404(ctx, id);
  const now = ctx.clock().toISOString();
  const review = {
    reviewed_by_user_id: ctx.actor.user.id,
    reviewed_at: now,
    review_note: input.note ?? null,
  };
  if (input.approve) {
    await transition(ctx, row, ['filed'], { status: 'reviewed', ...review }, 'welfare.application.reviewed');
  } else {
    const close = { closed_by_user_id: ctx.actor.user.id, closed_at: now, close_note: input.note ?? null };
    await transition(
      ctx,
      row,
      ['filed'],
      { status: 'rejected', ...review, ...close },
      'welfare.application.rejected',
    );
  }
  return getApplication(ctx, id, lang);
}

/**
 * Final approval: only after the notice has ended and with every objection about this application, or
 * the whole notice, answered. The household goes on the roster from today at the amount decided at filing,
 * to be reviewed in a year.
 */
export async function approveApplication(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZCloseInput>,
  lang: Language,
): Promise<TApplication> {
  await requirePermission(ctx, 'welfare.review');
  const row = await applicationOr404(ctx, id);
  if (row.status !== 'on_notice' || row.notice_id === null) throw wrongStatus(row, ['on_notice']);
  const notice = await findNotice(ctx.db, row.notice_id);
  if (!notice) throw new Error(`application ${row.id} names a notice that does not exist`);
  const today = localDate(ctx.clock());
  if (!noticeEnded(notice.ends_on, today))
    throw new AppError('welfare.notice_running', { endsOn: notice.ends_on });
  const open = await unansweredObjections(ctx.db, notice.id, row.id);
  if (open > 0) throw new AppError('welfare.objections_unanswered', { count: open });
  const decision = await findDecision(ctx.db, row.decision_id);
  const now = ctx.clock().toISOString();
  await transition(
    ctx,
    row,
    ['on_notice'],
    {
      status: 'approved',
      closed_by_user_id: ctx.actor.user.id,
      closed_at: now,
      close_note: input.note ?? null,
    },
    'welfare.application.approved',
    (trx) =>
      insertRosterEntry(trx, {
        id: randomUUID(),
        community_id: row.community_id,
        household_id: row.household_id,
        policy_id: row.policy_id,
        application_id: row.id,
        amount_fen: decision?.amount_fen ?? null,
        starts_on: today,
        review_due_on: oneYearAfter(today),
        ended_on: null,
        end_reason: null,
        created_at: now,
      }),
  );
  return getApplication(ctx, id, lang);
}

export async function rejectApplication(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZCloseInput>,
  lang: Language,
): Promise<TApplication> {
  await requirePermission(ctx, 'welfare.review');
  const row = await applicationOr404(ctx, id);
  const now = ctx.clock().toISOString();
  await transition(
    ctx,
    row,
    ['filed', 'reviewed', 'on_notice'],
    {
      status: 'rejected',
      closed_by_user_id: ctx.actor.user.id,
      closed_at: now,
      close_note: input.note ?? null,
    },
    'welfare.application.rejected',
  );
  return getApplication(ctx, id, lang);
}

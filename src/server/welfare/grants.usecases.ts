import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { grantPapersDueOn } from '../../domain/welfare/notice';
import { parametersOn } from '../../domain/welfare/policy';
import type { ZGrant, ZGrantInput, ZGrantPapersInput, ZGrantRequest } from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type {
  CommitteeDeskNoteTable,
  DB,
  WelfareEmergencyGrantTable,
  WelfareGrantRequestTable,
} from '../db/schema';
import { AppError } from '../http/errors';
import { userNames } from './applications.repository';
import { decisionOr404, householdOr404, recordReads, welfareRead } from './decisions.usecases';
import {
  deskNotes,
  findGrantInScope,
  findRequestInScope,
  type GrantRow,
  grantsInScope,
  insertDeskNote,
  insertGrant,
  insertPapers,
  insertRequest,
  type RequestRow,
  waitingRequestsInScope,
} from './grants.repository';
import { householdsById } from './households.repository';
import { approvedExtras, policyOrFail } from './policies';

/**
 * Emergency aid (临时救助): a ledger of grants that is only ever appended to. Up to the policy's
 * fast-path limit the money is paid first and the papers are due within 5 days; above it only the
 * committee may grant, and the papers come before the money, so no deadline is tracked.
 */

const EMERGENCY_AID = 'emergency-aid';
/** Used only when the emergency-aid policy file names no `fastPathLimit`: PRODUCT.md's 2,000-yuan grant. */
const DEFAULT_FAST_PATH_LIMIT_YUAN = 2000;

type TGrant = z.output<typeof ZGrant>;
type TGrantRequest = z.output<typeof ZGrantRequest>;

async function fastPathLimitFen(ctx: AccessContext, communityId: string, date: string): Promise<number> {
  const policy = policyOrFail(EMERGENCY_AID);
  const limit = parametersOn(
    policy,
    date,
    await approvedExtras(ctx.db, communityId, policy.id),
  ).fastPathLimit;
  return Math.round((limit ?? DEFAULT_FAST_PATH_LIMIT_YUAN) * 100);
}

async function present(ctx: AccessContext, rows: readonly GrantRow[]): Promise<TGrant[]> {
  const today = localDate(ctx.clock());
  const [households, users] = await Promise.all([
    householdsById(
      ctx.db,
      rows.map((r) => r.household_id),
    ),
    userNames(
      ctx.db,
      rows.map((r) => r.granted_by_user_id),
    ),
  ]);
  return rows.flatMap((r) => {
    const household = households.get(r.household_id);
    if (!household) return [];
    return [
      {
        id: r.id,
        household: { householdId: household.householdId, address: household.address, name: household.name },
        hardship: r.hardship,
        amountFen: r.amount_fen,
        reason: r.reason,
        fastPath: r.fast_path === 1,
        paidOn: r.paid_on,
        papersDueOn: r.papers_due_on,
        papersCompletedOn: r.papers_completed_on,
        papersOverdue: r.papers_due_on !== null && r.papers_completed_on === null && today > r.papers_due_on,
        grantedBy: users.get(r.granted_by_user_id) ?? '',
        createdAt: r.created_at,
      },
    ];
  });
}

function readOf(ctx: AccessContext, row: GrantRow) {
  return welfareRead(ctx, { type: 'welfare_emergency_grant', id: row.id, communityId: row.community_id });
}

async function grantOr404(ctx: AccessContext, id: string): Promise<GrantRow> {
  const row = await findGrantInScope(ctx.db, ctx.actor.scope, id);
  if (row) return row;
  return denyNotFound(ctx, new AppError('welfare.grant_not_found'), { type: 'welfare_emergency_grant', id });
}

async function presentOne(ctx: AccessContext, id: string): Promise<TGrant> {
  const row = await grantOr404(ctx, id);
  const [grant] = await present(ctx, [row]);
  await recordReads(ctx, [readOf(ctx, row)]);
  return grant as TGrant;
}

/** Who may grant, lowest limit first; above the subdistrict's limit the district decides, outside Linli. */
const APPROVERS = ['worker', 'committee', 'subdistrict'] as const;
type Approver = (typeof APPROVERS)[number];
type Waited = Approver | 'district';
const LIMIT_PARAMETER: Record<Approver, string> = {
  worker: 'workerLimit',
  committee: 'committeeLimit',
  subdistrict: 'subdistrictLimit',
};
const APPROVER_NAMES: Record<Waited, { zh: string; en: string }> = {
  worker: { zh: '社区工作人员', en: 'a community worker' },
  committee: { zh: '社区党委', en: 'the community committee' },
  subdistrict: { zh: '街道', en: 'the subdistrict' },
  district: { zh: '区民政部门', en: 'the district civil affairs office' },
};

function approverOf(ctx: AccessContext): Approver {
  const role = ctx.actor.user.role;
  const approver = APPROVERS.find((a) => a === role);
  if (!approver) throw new Error(`role ${role} holds welfare.grant but has no emergency aid limit`);
  return approver;
}

/** Each role's limit on a day, in fen: dated values of the policy file and the community's approved changes. */
async function limitsFen(
  ctx: AccessContext,
  communityId: string,
  date: string,
): Promise<Record<Approver, number>> {
  const policy = policyOrFail(EMERGENCY_AID);
  const values = parametersOn(policy, date, await approvedExtras(ctx.db, communityId, policy.id));
  const fen = (a: Approver) => Math.round((values[LIMIT_PARAMETER[a]] ?? 0) * 100);
  return { worker: fen('worker'), committee: fen('committee'), subdistrict: fen('subdistrict') };
}

/** The first role above `from` whose limit covers the amount; the district when none does. */
function nextApprover(from: Approver, amountFen: number, limits: Record<Approver, number>): Waited {
  return APPROVERS.slice(APPROVERS.indexOf(from) + 1).find((a) => limits[a] >= amountFen) ?? 'district';
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

function waitingMessage(limitFen: number, waitsFor: Waited, lang: Language): string {
  const who = APPROVER_NAMES[waitsFor];
  return lang === 'en'
    ? `Above your limit of ${yuan(limitFen)} yuan: the grant waits for approval by ${who.en}.`
    : `超过了您可批准的 ${yuan(limitFen)} 元，这笔救助等待${who.zh}批准后发放。`;
}

/** The committee's desk hears of aid its community's staff did not give themselves, and of what waits for it. */
function deskNote(
  ctx: AccessContext,
  household: { householdId: string; communityId: string },
  kind: CommitteeDeskNoteTable['kind'],
  ids: { grantId: string | null; requestId: string | null },
  amountFen: number,
  now: Date,
): CommitteeDeskNoteTable {
  return {
    id: randomUUID(),
    community_id: household.communityId,
    kind,
    household_id: household.householdId,
    grant_id: ids.grantId,
    request_id: ids.requestId,
    amount_fen: amountFen,
    by_user_id: ctx.actor.user.id,
    by_role: ctx.actor.user.role,
    created_at: now.toISOString(),
  };
}

async function payGrant(
  ctx: AccessContext,
  trx: Kysely<DB>,
  household: { householdId: string; communityId: string },
  input: {
    decisionId: string | null;
    hardship: WelfareEmergencyGrantTable['hardship'];
    amountFen: number;
    reason: string;
  },
  requestId: string | null,
  now: Date,
  fastPathFen: number,
): Promise<string> {
  const today = localDate(now);
  const fastPath = input.amountFen <= fastPathFen;
  const id = randomUUID();
  await insertGrant(trx, {
    id,
    community_id: household.communityId,
    household_id: household.householdId,
    decision_id: input.decisionId,
    hardship: input.hardship,
    amount_fen: input.amountFen,
    reason: input.reason,
    fast_path: fastPath ? 1 : 0,
    paid_on: today,
    papers_due_on: fastPath ? grantPapersDueOn(today) : null,
    granted_by_user_id: ctx.actor.user.id,
    created_at: now.toISOString(),
    request_id: requestId,
  });
  await appendAudit(trx, now, [
    byActor(ctx.actor, {
      action: 'welfare.grant.made',
      targetType: 'welfare_emergency_grant',
      targetId: id,
      communityId: household.communityId,
      fieldClass: 'finance',
      detail: { fastPath, hardship: input.hardship, requestId },
    }),
  ]);
  if (ctx.actor.user.role === 'subdistrict')
    await insertDeskNote(
      trx,
      deskNote(ctx, household, 'emergency_grant', { grantId: id, requestId }, input.amountFen, now),
    );
  return id;
}

/**
 * Within the caller's limit the aid is granted at once (fast path up to `fastPathLimit`); above it the
 * request is kept and waits for the next role up whose limit covers it, and the answer says so (202).
 */
export async function grantEmergencyAid(
  ctx: AccessContext,
  input: z.output<typeof ZGrantInput>,
  lang: Language,
): Promise<{ status: 200; grant: TGrant } | { status: 202; request: TGrantRequest }> {
  await requirePermission(ctx, 'welfare.grant');
  const household = await householdOr404(ctx, input.householdId);
  if (input.decisionId) {
    const decision = await decisionOr404(ctx, input.decisionId);
    if (decision.household_id !== household.householdId) {
      throw new AppError('welfare.decision_other_household', {}, 'decisionId');
    }
  }
  const now = ctx.clock();
  const approver = approverOf(ctx);
  const limits = await limitsFen(ctx, household.communityId, localDate(now));
  const fields = {
    decisionId: input.decisionId ?? null,
    hardship: input.hardship,
    amountFen: input.amountFen,
    reason: input.reason,
  };
  if (input.amountFen <= limits[approver]) {
    const fastPathFen = await fastPathLimitFen(ctx, household.communityId, localDate(now));
    const id = await ctx.db
      .transaction()
      .execute((trx) => payGrant(ctx, trx, household, fields, null, now, fastPathFen));
    return { status: 200, grant: await presentOne(ctx, id) };
  }
  const waitsFor = nextApprover(approver, input.amountFen, limits);
  const row: WelfareGrantRequestTable = {
    id: randomUUID(),
    community_id: household.communityId,
    household_id: household.householdId,
    decision_id: fields.decisionId,
    hardship: input.hardship,
    amount_fen: input.amountFen,
    reason: input.reason,
    requested_by_user_id: ctx.actor.user.id,
    requested_by_role: approver,
    waits_for_role: waitsFor,
    requested_at: now.toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertRequest(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.grant.requested',
        targetType: 'welfare_grant_request',
        targetId: row.id,
        communityId: household.communityId,
        fieldClass: 'finance',
        detail: { waitsFor, hardship: input.hardship },
      }),
    ]);
    if (waitsFor === 'committee' || approver === 'subdistrict')
      await insertDeskNote(
        trx,
        deskNote(ctx, household, 'grant_request', { grantId: null, requestId: row.id }, row.amount_fen, now),
      );
  });
  const [request] = await presentRequests(ctx, [{ ...row, grant_id: null }], lang);
  return { status: 202, request: request as TGrantRequest };
}

async function presentRequests(
  ctx: AccessContext,
  rows: readonly RequestRow[],
  lang: Language,
): Promise<TGrantRequest[]> {
  const [households, users] = await Promise.all([
    householdsById(
      ctx.db,
      rows.map((r) => r.household_id),
    ),
    userNames(
      ctx.db,
      rows.map((r) => r.requested_by_user_id),
    ),
  ]);
  const out: TGrantRequest[] = [];
  for (const r of rows) {
    const household = households.get(r.household_id);
    if (!household) continue;
    const requester = r.requested_by_role as Approver;
    const limit = (await limitsFen(ctx, r.community_id, r.requested_at.slice(0, 10)))[requester];
    const waitsFor = r.waits_for_role as Waited;
    out.push({
      id: r.id,
      household: { householdId: household.householdId, address: household.address, name: household.name },
      hardship: r.hardship,
      amountFen: r.amount_fen,
      reason: r.reason,
      requestedBy: users.get(r.requested_by_user_id) ?? '',
      requestedByRole: r.requested_by_role,
      waitsFor,
      requesterLimitFen: limit,
      message: waitingMessage(limit, waitsFor, lang),
      requestedAt: r.requested_at,
    });
  }
  return out;
}

export async function listGrantRequests(ctx: AccessContext, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  const rows = await waitingRequestsInScope(ctx.db, ctx.actor.scope);
  await recordReads(
    ctx,
    rows.map((r) =>
      welfareRead(ctx, { type: 'welfare_grant_request', id: r.id, communityId: r.community_id }),
    ),
  );
  return { requests: await presentRequests(ctx, rows, lang) };
}

/** A waiting request granted by someone at or above the role it waits for, within their own limit. */
export async function approveGrantRequest(ctx: AccessContext, id: string, lang: Language): Promise<TGrant> {
  await requirePermission(ctx, 'welfare.grant');
  const request = await findRequestInScope(ctx.db, ctx.actor.scope, id);
  if (!request)
    return denyNotFound(ctx, new AppError('welfare.grant_request_not_found'), {
      type: 'welfare_grant_request',
      id,
    });
  if (request.grant_id) throw new AppError('welfare.grant_request_decided');
  if (request.requested_by_user_id === ctx.actor.user.id) throw new AppError('welfare.grant_own_request');
  const now = ctx.clock();
  const approver = approverOf(ctx);
  const limits = await limitsFen(ctx, request.community_id, localDate(now));
  if (request.amount_fen > limits[approver]) {
    const waitsFor = nextApprover(approver, request.amount_fen, limits);
    const who = APPROVER_NAMES[waitsFor];
    throw new AppError('welfare.grant_above_your_limit', {
      limit: yuan(limits[approver]),
      role: lang === 'en' ? who.en : who.zh,
    });
  }
  const household = { householdId: request.household_id, communityId: request.community_id };
  const fastPathFen = await fastPathLimitFen(ctx, request.community_id, localDate(now));
  const grantId = await ctx.db.transaction().execute((trx) =>
    payGrant(
      ctx,
      trx,
      household,
      {
        decisionId: request.decision_id,
        hardship: request.hardship,
        amountFen: request.amount_fen,
        reason: request.reason,
      },
      request.id,
      now,
      fastPathFen,
    ),
  );
  return presentOne(ctx, grantId);
}

/** What the committee's desk is told: aid the subdistrict gave or asked for, and requests waiting for it. */
export async function committeeDesk(ctx: AccessContext, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  const rows = await deskNotes(ctx.db, ctx.actor.scope.communityIds);
  const households = await householdsById(
    ctx.db,
    rows.map((r) => r.household_id),
  );
  await recordReads(
    ctx,
    rows.map((r) => welfareRead(ctx, { type: 'committee_desk_note', id: r.id, communityId: r.community_id })),
  );
  const notes = rows.flatMap((r) => {
    const household = households.get(r.household_id);
    if (!household) return [];
    const who = APPROVER_NAMES[r.by_role as Waited] ?? { zh: r.by_role, en: r.by_role };
    const amount = yuan(r.amount_fen);
    // Display names often carry the office already ("街道刘主任"): say it once.
    const byZh = r.by_name.startsWith(who.zh) ? r.by_name : `${who.zh}${r.by_name}`;
    const text =
      r.kind === 'emergency_grant'
        ? lang === 'en'
          ? `${r.by_name} (${who.en}) granted ${amount} yuan of emergency aid to ${household.address.label}.`
          : `${byZh}为 ${household.address.label} 发放了临时救助 ${amount} 元。`
        : lang === 'en'
          ? `${r.by_name} (${who.en}) asked for ${amount} yuan of emergency aid for ${household.address.label}; it waits for approval.`
          : `${byZh}为 ${household.address.label} 申请临时救助 ${amount} 元，等待批准。`;
    return [
      {
        id: r.id,
        kind: r.kind,
        household: { householdId: household.householdId, address: household.address, name: household.name },
        amountFen: r.amount_fen,
        grantId: r.grant_id,
        requestId: r.request_id,
        by: r.by_name,
        byRole: r.by_role,
        text,
        createdAt: r.created_at,
      },
    ];
  });
  return { notes };
}

/** Completing the papers is a new ledger entry naming the grant; the grant row itself never changes. */
export async function completeGrantPapers(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZGrantPapersInput>,
): Promise<TGrant> {
  await requirePermission(ctx, 'welfare.write');
  const grant = await grantOr404(ctx, id);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const recorded = await insertPapers(trx, {
      grant_id: grant.id,
      completed_on: input.completedOn,
      note: input.note ?? null,
      recorded_by_user_id: ctx.actor.user.id,
      recorded_at: now.toISOString(),
    });
    if (!recorded) throw new AppError('welfare.papers_already_recorded');
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.grant.papers',
        targetType: 'welfare_emergency_grant',
        targetId: grant.id,
        communityId: grant.community_id,
      }),
    ]);
  });
  return presentOne(ctx, id);
}

/** Papers overdue first, then those still due (soonest first), then the rest, latest paid first. */
export async function listGrants(ctx: AccessContext) {
  await requirePermission(ctx, 'welfare.read');
  const rows = await grantsInScope(ctx.db, ctx.actor.scope);
  const grants = await present(ctx, rows);
  const rank = (g: TGrant) =>
    g.papersOverdue ? 0 : g.papersDueOn !== null && g.papersCompletedOn === null ? 1 : 2;
  grants.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) < 2
        ? (a.papersDueOn ?? '').localeCompare(b.papersDueOn ?? '')
        : b.paidOn.localeCompare(a.paidOn)),
  );
  await recordReads(
    ctx,
    rows.map((r) => readOf(ctx, r)),
  );
  return { grants, totalFen: grants.reduce((sum, g) => sum + g.amountFen, 0) };
}

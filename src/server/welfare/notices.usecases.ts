import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { maskName, noticeEndsOn, workingDaysLeft } from '../../domain/welfare/notice';
import type {
  ZNotice,
  ZNoticeInput,
  ZObjection,
  ZObjectionAnswerInput,
  ZObjectionInput,
} from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
import { appendAudit, byActor } from '../audit/audit.repository';
import { type AccessContext, denyNotFound, requirePermission } from '../auth/permissions';
import { type Clock, localDate } from '../clock';
import type { DB, WelfareNoticeTable, WelfareObjectionTable } from '../db/schema';
import { AppError } from '../http/errors';
import {
  applicationsInScope,
  applicationsOnNotice,
  moveApplication,
  userNames,
} from './applications.repository';
import { policyTitle } from './applications.usecases';
import {
  entriesOf,
  findNotice,
  findNoticeInScope,
  findObjectionInScope,
  insertNotice,
  insertObjection,
  markAnswered,
  noticesInScope,
  objectionsOf,
} from './notices.repository';
import { policyOrFail } from './policies';

/**
 * Public notices (公示): reviewed applications of one policy posted for 7 working days with the name
 * masked, the building only and the amount — never income, health or the flat — so that anyone may
 * object. Objections are recorded by staff and answered; an upheld objection sends its application (or,
 * when it names none, every application still on the notice) back to the committee as `filed`, with
 * the objection named in the review note, so approval is refused until the committee reviews it again.
 */

type TNotice = z.output<typeof ZNotice>;
type TObjection = z.output<typeof ZObjection>;

async function presentObjections(
  db: Kysely<DB>,
  rows: readonly WelfareObjectionTable[],
): Promise<TObjection[]> {
  const users = await userNames(
    db,
    rows.map((r) => r.answered_by_user_id),
  );
  return rows.map((r) => ({
    id: r.id,
    noticeId: r.notice_id,
    applicationId: r.application_id,
    receivedAt: r.received_at,
    channel: r.channel,
    fromName: r.from_name,
    text: r.text,
    answer: r.answer,
    upheld: r.upheld === null ? null : r.upheld === 1,
    answeredBy: r.answered_by_user_id === null ? null : (users.get(r.answered_by_user_id) ?? ''),
    answeredAt: r.answered_at,
  }));
}

/** A notice with its entries as the public sees them; objections only for staff. */
async function presentNotice(
  db: Kysely<DB>,
  notice: WelfareNoticeTable,
  today: string,
  lang: Language,
  withObjections: boolean,
): Promise<TNotice> {
  const entries = await entriesOf(db, [notice.id]);
  return {
    ...summaryOf(notice, today, lang),
    entries: entries.map((e) => ({
      applicationId: e.applicationId,
      maskedName: maskName(e.applicantName),
      building: e.buildingNumber,
      amountFen: e.amountFen,
    })),
    objections: withObjections ? await presentObjections(db, await objectionsOf(db, [notice.id])) : [],
  };
}

/** A notice's title in one language: 最低生活保障（低保）公示, or Public notice: Minimum living allowance. */
export function noticeTitle(policyId: string, lang: Language): string {
  const title = policyTitle(policyId, lang);
  return lang === 'en' ? `Public notice: ${title}` : `${title}公示`;
}

function summaryOf(notice: WelfareNoticeTable, today: string, lang: Language) {
  return {
    id: notice.id,
    policyId: notice.policy_id,
    policyTitle: policyTitle(notice.policy_id, lang),
    // Said in the reader's language only (stored notices once carried both in one line).
    title: noticeTitle(notice.policy_id, lang),
    startsOn: notice.starts_on,
    endsOn: notice.ends_on,
    workingDaysLeft: workingDaysLeft(notice.ends_on, today > notice.starts_on ? today : notice.starts_on),
    objectionContact: notice.objection_contact,
    publishedAt: notice.published_at,
  };
}

async function noticeOr404(ctx: AccessContext, id: string): Promise<WelfareNoticeTable> {
  const row = await findNoticeInScope(ctx.db, ctx.actor.scope, id);
  if (row) return row;
  return denyNotFound(ctx, new AppError('welfare.notice_not_found'), { type: 'welfare_notice', id });
}

/**
 * Puts reviewed applications of one policy on a notice from today. Every application must be reviewed,
 * of this policy and in the caller's community; otherwise nothing is published and the others are named.
 */
export async function publishNotice(
  ctx: AccessContext,
  input: z.output<typeof ZNoticeInput>,
  lang: Language,
): Promise<TNotice> {
  await requirePermission(ctx, 'welfare.write');
  const policy = policyOrFail(input.policyId);
  const wanted = [...new Set(input.applicationIds)];
  const found = await applicationsInScope(ctx.db, ctx.actor.scope, { ids: wanted });
  // An application the caller cannot see is not found (issue 21), not "not ready": the answer must not
  // differ between one of another community and one that does not exist.
  const unseen = wanted.find((id) => !found.some((a) => a.id === id));
  if (unseen)
    return denyNotFound(ctx, new AppError('welfare.application_not_found'), {
      type: 'welfare_application',
      id: unseen,
    });
  const communityId = found[0]?.community_id;
  const ready = new Set(
    found
      .filter((a) => a.status === 'reviewed' && a.policy_id === policy.id && a.community_id === communityId)
      .map((a) => a.id),
  );
  const notReady = wanted.filter((id) => !ready.has(id));
  if (notReady.length > 0 || communityId === undefined) {
    throw new AppError('welfare.applications_not_ready', { ids: notReady.join(', ') }, 'applicationIds');
  }
  const now = ctx.clock();
  const today = localDate(now);
  const notice: WelfareNoticeTable = {
    id: randomUUID(),
    community_id: communityId,
    policy_id: policy.id,
    title: noticeTitle(policy.id, 'zh-CN'),
    starts_on: today,
    ends_on: noticeEndsOn(today),
    objection_contact: input.objectionContact,
    published_by_user_id: ctx.actor.user.id,
    published_at: now.toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertNotice(trx, notice);
    for (const id of wanted) {
      const set = { status: 'on_notice' as const, notice_id: notice.id, updated_at: now.toISOString() };
      if (!(await moveApplication(trx, id, ['reviewed'], set))) {
        throw new AppError('welfare.applications_not_ready', { ids: id }, 'applicationIds');
      }
    }
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.notice.published',
        targetType: 'welfare_notice',
        targetId: notice.id,
        communityId,
        detail: { policyId: policy.id, applications: wanted.length, endsOn: notice.ends_on },
      }),
    ]);
  });
  return presentNotice(ctx.db, notice, today, lang, true);
}

/** The notices still running first (fewest working days left first), then the ended ones, latest first. */
export async function listNotices(ctx: AccessContext, lang: Language) {
  await requirePermission(ctx, 'welfare.read');
  const today = localDate(ctx.clock());
  const rows = await noticesInScope(ctx.db, ctx.actor.scope);
  const running = rows.filter((n) => n.ends_on >= today).sort((a, b) => a.ends_on.localeCompare(b.ends_on));
  const ended = rows.filter((n) => n.ends_on < today);
  return { notices: [...running, ...ended].map((n) => summaryOf(n, today, lang)) };
}

export async function getNotice(ctx: AccessContext, id: string, lang: Language): Promise<TNotice> {
  await requirePermission(ctx, 'welfare.read');
  const notice = await noticeOr404(ctx, id);
  return presentNotice(ctx.db, notice, localDate(ctx.clock()), lang, true);
}

/** The page anyone may open, without signing in: what the notice shows on the board, nothing more. */
export async function publicNotice(
  deps: { db: Kysely<DB>; clock: Clock },
  id: string,
  lang: Language,
): Promise<Omit<TNotice, 'objections'>> {
  const notice = await findNotice(deps.db, id);
  if (!notice) throw new AppError('welfare.notice_not_found');
  const { objections: _, ...shown } = await presentNotice(
    deps.db,
    notice,
    localDate(deps.clock()),
    lang,
    false,
  );
  return shown;
}

export async function recordObjection(
  ctx: AccessContext,
  noticeId: string,
  input: z.output<typeof ZObjectionInput>,
): Promise<TObjection> {
  await requirePermission(ctx, 'welfare.write');
  const notice = await noticeOr404(ctx, noticeId);
  if (input.applicationId) {
    const seen = await applicationsInScope(ctx.db, ctx.actor.scope, { ids: [input.applicationId] });
    if (seen.length === 0)
      return denyNotFound(ctx, new AppError('welfare.application_not_found', {}, 'applicationId'), {
        type: 'welfare_application',
        id: input.applicationId,
      });
    const onNotice = await applicationsOnNotice(ctx.db, notice.id);
    if (!onNotice.some((a) => a.id === input.applicationId)) {
      throw new AppError('welfare.objection_application_not_on_notice', {}, 'applicationId');
    }
  }
  const now = ctx.clock();
  const row: WelfareObjectionTable = {
    id: randomUUID(),
    community_id: notice.community_id,
    notice_id: notice.id,
    application_id: input.applicationId ?? null,
    received_at: now.toISOString(),
    channel: input.channel,
    from_name: input.fromName ?? null,
    from_phone: input.fromPhone ?? null,
    text: input.text,
    answer: null,
    upheld: null,
    answered_by_user_id: null,
    answered_at: null,
    recorded_by_user_id: ctx.actor.user.id,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertObjection(trx, row);
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.objection.recorded',
        targetType: 'welfare_objection',
        targetId: row.id,
        communityId: row.community_id,
        detail: { noticeId: notice.id, applicationId: row.application_id },
      }),
    ]);
  });
  const [objection] = await presentObjections(ctx.db, [row]);
  return objection as TObjection;
}

export async function answerObjection(
  ctx: AccessContext,
  id: string,
  input: z.output<typeof ZObjectionAnswerInput>,
): Promise<TObjection> {
  await requirePermission(ctx, 'welfare.write');
  const objection = await findObjectionInScope(ctx.db, ctx.actor.scope, id);
  if (!objection) {
    return denyNotFound(ctx, new AppError('welfare.objection_not_found'), { type: 'welfare_objection', id });
  }
  const now = ctx.clock();
  const answered = {
    answer: input.answer,
    upheld: input.upheld ? 1 : 0,
    answered_by_user_id: ctx.actor.user.id,
    answered_at: now.toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await markAnswered(trx, id, answered))) throw new AppError('welfare.objection_already_answered');
    const reopened = input.upheld ? await sendBackForReview(trx, objection, now) : [];
    await appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'welfare.objection.answered',
        targetType: 'welfare_objection',
        targetId: id,
        communityId: objection.community_id,
        detail: { upheld: input.upheld, reopened },
      }),
    ]);
  });
  const [presented] = await presentObjections(ctx.db, [{ ...objection, ...answered }]);
  return presented as TObjection;
}

/** An upheld objection returns the applications it concerns, still on the notice, to the committee. */
async function sendBackForReview(
  trx: Kysely<DB>,
  objection: WelfareObjectionTable,
  now: Date,
): Promise<string[]> {
  const concerned = (await applicationsOnNotice(trx, objection.notice_id)).filter(
    (a) =>
      a.status === 'on_notice' && (objection.application_id === null || a.id === objection.application_id),
  );
  const reopened: string[] = [];
  for (const application of concerned) {
    const set = {
      status: 'filed' as const,
      review_note: `异议 ${objection.id} 成立，须重新审核 · objection ${objection.id} upheld: review again`,
      updated_at: now.toISOString(),
    };
    if (await moveApplication(trx, application.id, ['on_notice'], set)) reopened.push(application.id);
  }
  return reopened;
}

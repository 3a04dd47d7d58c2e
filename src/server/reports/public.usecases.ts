import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isOpen, nextState, REOPEN_DAYS } from '../../domain/reports/states';
import type {
  TPublicBuilding,
  TPublicReport,
  TPublicReportCreated,
  TReopenInput,
} from '../../shared/contracts/publicReports';
import type { ReportState, TPublicReportInput } from '../../shared/contracts/reports';
import type { Language } from '../../shared/errors';
import { appendAudit } from '../audit/audit.repository';
import type { Clock } from '../clock';
import type { DB, ReportTable } from '../db/schema';
import { AppError } from '../http/errors';
import type { FeedBus } from './feed';
import { type FeedbackAnswers, mayAnswer, recordFeedback } from './feedback.usecases';
import { findStoredAnswer } from './idempotency.repository';
import { lockReport } from './photos.repository';
import {
  activeCategories,
  feedbackSince,
  findBuildingForPublic,
  findReportByToken,
  householdsAt,
  photoCount,
  placeNumbers,
  publicEvents,
  takeIntakeSlot,
} from './public.repository';
import { addEvent, findReportRow, updateReport } from './reports.repository';
import { requestHash, saveReport } from './reports.usecases';

export interface PublicDeps {
  db: Kysely<DB>;
  clock: Clock;
  feed: FeedBus;
  lang: Language;
}

/** Reports a phone number, and an IP address, may send through the public pages per hour. */
export const PUBLIC_LIMITS = { perPhone: 5, perIp: 20, windowMs: 3_600_000 } as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function publicBuilding(
  deps: Pick<PublicDeps, 'db' | 'lang'>,
  id: string,
): Promise<TPublicBuilding> {
  const building = await findBuildingForPublic(deps.db, id);
  if (!building) throw new AppError('register.building_not_found');
  const categories = await activeCategories(deps.db);
  return {
    id: building.id,
    number: building.number,
    name: building.name,
    communityName: building.community_name,
    entrances: building.entrances.map((e) => e.number),
    categories: categories.map((c) => ({ code: c.code, name: deps.lang === 'en' ? c.name_en : c.name_zh })),
  };
}

/** Beijing wall-clock time `HH:mm`, for "try again after". */
function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
}

async function answerFor(db: Kysely<DB>, reportId: string): Promise<TPublicReportCreated> {
  const row = await findReportRow(db, reportId);
  if (!row) throw new AppError('reports.not_found');
  return { id: row.id, followLink: `/r/${row.feedback_token}` };
}

/**
 * A resident's own report from their building's page. It goes to the building leader of the household
 * when entrance and room name one (and so up that chain), else to the building or entrance as a place,
 * which the committee receives. Limited per phone and per IP address.
 */
export async function submitPublicReport(
  deps: PublicDeps,
  buildingId: string,
  input: TPublicReportInput,
  ip: string,
  idempotencyKey: string | undefined,
): Promise<TPublicReportCreated> {
  const building = await findBuildingForPublic(deps.db, buildingId);
  if (!building) throw new AppError('register.building_not_found');
  const phoneHash = sha256(`phone:${input.phone}`);
  const idempotency = idempotencyKey
    ? {
        key: `public:${phoneHash.slice(0, 32)}:${idempotencyKey}`,
        hash: requestHash({ buildingId, ...input }),
      }
    : null;
  // A retry of an answered request is neither counted nor limited.
  if (idempotency) {
    const stored = await findStoredAnswer(deps.db, idempotency.key);
    if (stored) {
      if (stored.request_hash !== idempotency.hash) throw new AppError('request.idempotency_mismatch');
      return answerFor(deps.db, (JSON.parse(stored.body) as { id: string }).id);
    }
  }

  const entranceNumber = input.entranceNumber?.trim() || undefined;
  const room = input.room?.trim() || undefined;
  const entrance = entranceNumber ? building.entrances.find((e) => e.number === entranceNumber) : undefined;
  if (entranceNumber && !entrance) throw new AppError('public.unknown_entrance', {}, 'entranceNumber');

  const now = deps.clock();
  const retryAt = await takeIntakeSlot(
    deps.db,
    [
      { kind: 'phone', hash: phoneHash, max: PUBLIC_LIMITS.perPhone },
      { kind: 'ip', hash: sha256(`ip:${ip}`), max: PUBLIC_LIMITS.perIp },
    ],
    now,
    PUBLIC_LIMITS.windowMs,
  );
  if (retryAt) {
    throw new AppError('public.rate_limited', {
      time: beijingTime(retryAt),
      minutes: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000)),
    });
  }

  const households = room ? await householdsAt(deps.db, building.id, entrance?.id ?? null, room) : [];
  const household = households.length === 1 ? households[0] : undefined;
  const entranceId = household?.entrance_id ?? entrance?.id;
  // A room that names no household is still worth knowing to whoever goes to look.
  const description =
    room && !household ? `${input.description}\n（居民填写的门牌：${room}）` : input.description;

  const summary = await saveReport(
    deps,
    {
      input: {
        category: input.category,
        householdId: household?.id,
        buildingId: building.id,
        entranceId,
        description,
        onBehalfOfName: input.name?.trim() || undefined,
      },
      communityId: building.community_id,
      source: 'public',
      recordedByUserId: null,
      recordedByPositionId: null,
      reporterPhone: input.phone,
    },
    idempotency,
    {
      action: 'reports.create_public',
      outcome: 'success',
      actorUserId: null,
      actorRole: null,
      ip,
      detail: { matchedHousehold: household !== undefined },
    },
  );
  return answerFor(deps.db, summary.id);
}

export async function reportByToken(db: Kysely<DB>, token: string): Promise<ReportTable> {
  const row = await findReportByToken(db, token);
  if (!row) throw new AppError('reports.not_found');
  return row;
}

const STATE_TEXT: Record<ReportState, { zh: string; en: string }> = {
  new: { zh: '已收到，正在交给负责的同志', en: 'Received; on its way to the person responsible' },
  acknowledged: { zh: '已有人接手', en: 'Someone has taken it on' },
  in_progress: { zh: '正在办理', en: 'Being worked on' },
  resolved: { zh: '已办结', en: 'Resolved' },
  referred: {
    zh: '需要由其他单位办理，请看下面的说明',
    en: 'Another agency handles this; please see the guidance below',
  },
  outside_remit: {
    zh: '不属于社区能办理的事项，已如实记录',
    en: 'Outside what the community can handle; recorded as such',
  },
  merged: {
    zh: '和反映同一问题的诉求合并办理',
    en: 'Being handled together with another report of the same problem',
  },
};

/** What the resident's timeline says for each step; anything else (staff notes) is not shown. */
const EVENT_TEXT: Record<string, { zh: string; en: string }> = {
  created: { zh: '诉求已收到', en: 'Report received' },
  acknowledge: { zh: '负责的同志已接手', en: 'Taken on by the person responsible' },
  start: { zh: '开始办理', en: 'Work started' },
  escalated: { zh: '已交给上一级办理', en: 'Passed up to the next level' },
  resolve: { zh: '已办结', en: 'Resolved' },
  refer: { zh: '已转给其他单位', en: 'Referred to another agency' },
  outside_remit: { zh: '确认不属于社区办理范围', en: 'Found outside the community’s remit' },
  reopen: { zh: '重新打开办理', en: 'Reopened' },
  merged: { zh: '与同一问题的诉求合并', en: 'Merged with a report of the same problem' },
  feedback: { zh: '回访意见已记录', en: 'Feedback recorded' },
  photo: { zh: '添加了一张照片', en: 'A photo was added' },
};

function placeText(place: { building: string | null; entrance: string | null }, lang: Language): string {
  if (lang === 'en') {
    return [place.building && `Building ${place.building}`, place.entrance && `entrance ${place.entrance}`]
      .filter(Boolean)
      .join(', ');
  }
  return [place.building && `${place.building}号楼`, place.entrance && `${place.entrance}单元`]
    .filter(Boolean)
    .join(' ');
}

function reopenDeadline(row: ReportTable): Date | null {
  return row.closed_at ? new Date(new Date(row.closed_at).getTime() + REOPEN_DAYS * 86_400_000) : null;
}

function mayReopen(row: ReportTable, now: Date): boolean {
  const until = reopenDeadline(row);
  return nextState(row.state as ReportState, 'reopen') !== null && until !== null && now <= until;
}

/** The resident's view through their link: no staff names, no other resident, no room. */
export async function publicReportView(deps: PublicDeps, token: string): Promise<TPublicReport> {
  const row = await reportByToken(deps.db, token);
  const lang = deps.lang;
  const word = (t: { zh: string; en: string }) => (lang === 'en' ? t.en : t.zh);
  const [categories, place, events, photos, answered, canGiveFeedback] = await Promise.all([
    activeCategories(deps.db),
    placeNumbers(deps.db, row),
    publicEvents(deps.db, row.id),
    photoCount(deps.db, row.id),
    row.closed_at ? feedbackSince(deps.db, row.id, row.closed_at) : undefined,
    mayAnswer(deps.db, row),
  ]);
  const category = categories.find((c) => c.code === row.category);
  const state = row.state as ReportState;
  const until = reopenDeadline(row);
  return {
    category: row.category,
    categoryName: category ? (lang === 'en' ? category.name_en : category.name_zh) : row.category,
    state,
    stateText: word(STATE_TEXT[state]),
    place: placeText(place, lang),
    createdAt: row.created_at,
    closedAt: row.closed_at,
    timeline: events.flatMap((e) => {
      const text = EVENT_TEXT[e.kind];
      return text ? [{ at: e.at, kind: e.kind, text: word(text) }] : [];
    }),
    referral: state === 'referred' ? { referredTo: row.referred_to, guidance: row.resident_guidance } : null,
    feedback: answered
      ? { solved: answered.solved === 1, satisfied: answered.satisfied === 1, at: answered.at }
      : null,
    canGiveFeedback,
    canReopen: mayReopen(row, deps.clock()),
    reopenUntil: isOpen(state) || !until ? null : until.toISOString(),
    photoCount: photos,
  };
}

export async function answerAsResident(
  deps: PublicDeps,
  token: string,
  answers: FeedbackAnswers,
  ip: string,
): Promise<TPublicReport> {
  const row = await reportByToken(deps.db, token);
  await recordFeedback(deps, row.id, answers, null, ip);
  return publicReportView(deps, token);
}

/** The resident reopens a closed report within 7 days of its closing. */
export async function reopenAsResident(
  deps: PublicDeps,
  token: string,
  input: TReopenInput,
  ip: string,
): Promise<TPublicReport> {
  const found = await reportByToken(deps.db, token);
  const now = deps.clock();
  const at = now.toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await lockReport(trx, found.id);
    const row = (await findReportRow(trx, found.id)) as ReportTable;
    const next = nextState(row.state as ReportState, 'reopen');
    if (next === null) throw new AppError('reports.wrong_state', { state: row.state, action: 'reopen' });
    if (!mayReopen(row, now)) throw new AppError('reports.reopen_expired');
    await updateReport(trx, row.id, { state: next, closed_at: null });
    await addEvent(trx, {
      reportId: row.id,
      at,
      actorUserId: null,
      kind: 'reopen',
      detail: { from: row.state, to: next, byResident: true, ...(input.note ? { note: input.note } : {}) },
    });
    await appendAudit(trx, now, [
      {
        action: 'reports.reopen_by_resident',
        outcome: 'success',
        actorUserId: null,
        actorRole: null,
        ip,
        targetType: 'report',
        targetId: row.id,
        communityId: row.community_id,
      },
    ]);
  });
  await deps.feed.publish({ kind: 'updated', reportId: found.id, at });
  return publicReportView(deps, token);
}

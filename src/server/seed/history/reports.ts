import { nanoid } from 'nanoid';
import { addHours, windowEnd } from '../../../domain/reports/deadlines';
import { oneUp, type PathPosition, responsibleOn } from '../../../domain/reports/responsibility';
import type { ReportState } from '../../../shared/contracts/reports';
import type { Tier } from '../../../shared/roles';
import type { AuditEntry } from '../../audit/audit.repository';
import { timeOrderedId } from '../../db/ids';
import type { DB, ReportTable } from '../../db/schema';
import { catalogue } from '../../reports/reports.repository';
import { insertInBatches } from '../demoCommunity';
import { beijingTime, DAY, daysBetween, type HistoryContext, HOUR, later } from './timeline';

/** What residents bring, by category, in their own words. */
const DESCRIPTIONS: Record<string, readonly string[]> = {
  repairs: [
    '楼道灯坏了，晚上看不见台阶',
    '单元门关不上',
    '楼顶漏雨，屋里墙皮掉了',
    '下水道堵了',
    '楼梯扶手松了',
  ],
  sanitation: ['楼道里堆了很多杂物', '垃圾桶满了没人清', '小区门口积水发臭', '有人在楼下乱扔垃圾'],
  neighbour_dispute: ['楼上装修噪音太大', '邻居的狗夜里一直叫', '楼上漏水到我家', '邻居在楼道停电动车'],
  welfare_policy: ['想问问低保怎么申请', '老年卡怎么办理', '残疾人补贴能不能领', '医保报销不明白'],
  elderly_care: ['独居老人几天没下楼了', '老人想找人陪着去医院', '老人家里没人做饭', '老人想装个扶手'],
  safety_hazard: ['楼道里有人私拉电线充电', '消防通道被车堵了', '阳台上的花盆快掉下来了', '燃气管道有味道'],
  health_emergency: ['老人在家摔倒了起不来', '邻居突然晕倒了'],
  other: ['想提个建议：楼下放几把椅子', '快递总放在楼道里', '想问问社区活动什么时候开始'],
};

const CATEGORY_WEIGHTS = [
  ['repairs', 30],
  ['sanitation', 18],
  ['neighbour_dispute', 10],
  ['welfare_policy', 12],
  ['elderly_care', 12],
  ['safety_hazard', 8],
  ['health_emergency', 3],
  ['other', 7],
] as const;

const REFERRALS = [
  ['区住建委', '房屋主体结构的事由区住建委管，电话 12345 转住建委，社区帮您把情况写清楚了。'],
  ['供暖公司', '暖气的事请打供暖公司热线，社区已经把您的地址和情况告诉他们。'],
  ['街道司法所', '这件事需要调解，请到街道司法所，周一到周五上午都有人，社区可以陪您去。'],
  ['派出所', '这件事要报警处理，请打 110 或到派出所，社区已经和民警说了。'],
] as const;

type Fate = 'resolved' | 'reopened' | 'referred' | 'outside_remit' | 'open';
type Action = 'acknowledge' | 'start' | 'resolve' | 'refer' | 'outside_remit' | 'reopen';
type Urgency = { code: string; ack_window: string; feedback_hours: number };

const ACTION_STATE: Record<Action, ReportState> = {
  acknowledge: 'acknowledged',
  start: 'in_progress',
  resolve: 'resolved',
  refer: 'referred',
  outside_remit: 'outside_remit',
  reopen: 'in_progress',
};

/**
 * One report's life, worked out in memory with the rules the use cases and the escalation worker
 * apply (`transitionReport`, `mergeReport`, `recordFeedback`, `escalateDue`): the same row, timeline
 * entries, escalation steps, answers and audit entries, written in a few multi-row inserts instead of
 * about sixty statements a report — hundreds of reports through the use cases took a minute on
 * PostgreSQL.
 */
class ReportStory {
  readonly row: ReportTable;
  readonly events: DB['report_event'][] = [];
  readonly steps: DB['report_escalation'][] = [];
  readonly feedback: DB['report_feedback'][] = [];
  private openStep: DB['report_escalation'] | null;

  constructor(
    private readonly ctx: HistoryContext,
    private readonly path: readonly PathPosition[],
    private readonly urgency: Urgency,
    private readonly workerId: string,
    input: { category: string; handlerTier: Tier; householdId: string; description: string; at: Date },
  ) {
    const responsible = responsibleOn(path, input.handlerTier);
    const created = input.at.toISOString();
    this.row = {
      id: timeOrderedId(input.at),
      community_id: ctx.communityId,
      household_id: input.householdId,
      building_id: null,
      entrance_id: null,
      category: input.category,
      urgency: urgency.code,
      description: input.description,
      state: 'new',
      source: 'staff',
      recorded_by_user_id: workerId,
      recorded_by_position_id: null,
      on_behalf_of_resident_id: null,
      on_behalf_of_name: null,
      reporter_phone: null,
      responsible_position_id: responsible?.positionId ?? null,
      responsible_tier: responsible?.tier ?? 'committee',
      created_at: created,
      feedback_due_at: addHours(input.at, urgency.feedback_hours).toISOString(),
      acknowledged_at: null,
      closed_at: null,
      referred_to: null,
      resident_guidance: null,
      merged_into: null,
      // A committee screen had it within seconds of saving, as the live feed delivers it.
      committee_latency_ms: ctx.random.int(400, 6000),
      feedback_token: nanoid(24),
    };
    this.event(input.at, workerId, 'created', { responsibleTier: this.row.responsible_tier });
    this.openStep = this.step(input.at, 0, this.row.responsible_tier, this.row.responsible_position_id);
    this.audit(input.at, { action: 'reports.create', ...this.byWorker() });
  }

  private byWorker() {
    return { outcome: 'success' as const, actorUserId: this.workerId, actorRole: 'worker', ip: '127.0.0.1' };
  }

  private audit(at: Date, entry: Omit<AuditEntry, 'targetType' | 'targetId' | 'communityId'>): void {
    this.ctx.audit(at, {
      ...entry,
      targetType: 'report',
      targetId: this.row.id,
      communityId: this.ctx.communityId,
    });
  }

  private event(at: Date, actor: string | null, kind: string, detail: Record<string, unknown> | null): void {
    this.events.push({
      id: timeOrderedId(at),
      report_id: this.row.id,
      at: at.toISOString(),
      actor_user_id: actor,
      kind,
      detail: detail ? JSON.stringify(detail) : null,
    });
  }

  private step(at: Date, step: number, tier: string, positionId: string | null) {
    const row = {
      id: timeOrderedId(at),
      report_id: this.row.id,
      step,
      tier,
      position_id: positionId,
      due_at: windowEnd(at, this.urgency.ack_window).toISOString(),
      done_at: null,
      outcome: null,
    };
    this.steps.push(row);
    return row;
  }

  private closeStep(at: Date, outcome: string): void {
    if (!this.openStep) return;
    this.openStep.done_at = at.toISOString();
    this.openStep.outcome = outcome;
    this.openStep = null;
  }

  /** The escalation worker's runs up to `until`: every step past its deadline moves one tier up. */
  private escalateUntil(until: Date): void {
    while (this.openStep && this.row.acknowledged_at === null && new Date(this.openStep.due_at) < until) {
      // The worker runs every 15 seconds: the step is taken within a minute of its deadline.
      const at = later(new Date(this.openStep.due_at), this.ctx.random.int(5, 60) * 1000);
      if (at >= until) return;
      const step = this.openStep;
      this.closeStep(at, 'escalated');
      const up = oneUp(this.path, { positionId: step.position_id ?? '', tier: step.tier as Tier });
      if (!up) {
        this.event(at, null, 'overdue_at_top', { step: step.step });
        return;
      }
      this.row.responsible_position_id = up.positionId;
      this.row.responsible_tier = up.tier;
      this.openStep = this.step(at, step.step + 1, up.tier, up.positionId);
      this.event(at, null, 'escalated', { step: step.step + 1, fromTier: step.tier, toTier: up.tier });
      this.ctx.audit(at, {
        action: 'reports.escalate',
        outcome: 'success',
        actorRole: 'system',
        targetType: 'report',
        targetId: this.row.id,
        communityId: this.ctx.communityId,
        detail: { step: step.step + 1, toTier: up.tier },
      });
    }
  }

  act(
    at: Date,
    action: Action,
    extra: { note?: string; referredTo?: string; residentGuidance?: string } = {},
  ) {
    if (at > this.ctx.end) return;
    this.escalateUntil(at);
    const from = this.row.state;
    const next = ACTION_STATE[action];
    const iso = at.toISOString();
    const open = next === 'acknowledged' || next === 'in_progress';
    if (action === 'acknowledge' || (this.row.acknowledged_at === null && open)) {
      if (this.row.acknowledged_at === null) this.closeStep(at, 'acknowledged');
      this.row.acknowledged_at ??= iso;
    }
    if (!open) {
      this.row.closed_at = iso;
      this.closeStep(at, next);
    }
    if (action === 'reopen') this.row.closed_at = null;
    if (action === 'refer') {
      this.row.referred_to = extra.referredTo ?? null;
      this.row.resident_guidance = extra.residentGuidance ?? null;
    }
    this.row.state = next;
    this.event(at, this.workerId, action, {
      from,
      to: next,
      ...(extra.note ? { note: extra.note } : {}),
      ...(extra.referredTo ? { referredTo: extra.referredTo } : {}),
    });
    this.audit(at, { action: `reports.${action}`, ...this.byWorker() });
  }

  /** Folded into `into`, the earlier report about the same problem. */
  mergeInto(at: Date, into: ReportStory): void {
    this.escalateUntil(at);
    const iso = at.toISOString();
    this.row.state = 'merged';
    this.row.merged_into = into.row.id;
    this.row.closed_at = iso;
    this.closeStep(at, 'merged');
    this.event(at, this.workerId, 'merged', { into: into.row.id });
    into.event(at, this.workerId, 'merged_from', { from: this.row.id });
    this.audit(at, { action: 'reports.merge', ...this.byWorker(), detail: { into: into.row.id } });
  }

  /** The resident's two answers through their own link. */
  answer(at: Date, solved: boolean, satisfied: boolean): void {
    if (at > this.ctx.end || this.row.closed_at === null || this.row.state === 'merged') return;
    this.feedback.push({
      id: timeOrderedId(at),
      report_id: this.row.id,
      solved: solved ? 1 : 0,
      satisfied: satisfied ? 1 : 0,
      recorded_by_user_id: null,
      at: at.toISOString(),
    });
    this.event(at, null, 'feedback', { solved, satisfied, byResident: true });
    this.audit(at, { action: 'reports.feedback_by_resident', outcome: 'success', ip: '127.0.0.1' });
  }

  /** Steps still open at the end climb as the worker would have taken them. */
  finish(): void {
    this.escalateUntil(this.ctx.end);
  }
}

/** Each household's path up the chain (bottom first), as `pathForReport` walks it. */
async function pathsOf(ctx: HistoryContext): Promise<Map<string, PathPosition[]>> {
  const positions = await ctx.db
    .selectFrom('liaison_position')
    .select(['id', 'tier', 'parent_id'])
    .where('community_id', '=', ctx.communityId)
    .where('valid_to', 'is', null)
    .execute();
  const byId = new Map(positions.map((p) => [p.id, p]));
  const assignments = await ctx.db
    .selectFrom('household_assignment')
    .innerJoin('household', 'household.id', 'household_assignment.household_id')
    .select(['household_assignment.household_id', 'household_assignment.position_id'])
    .where('household.community_id', '=', ctx.communityId)
    .where('household_assignment.valid_to', 'is', null)
    .execute();
  const paths = new Map<string, PathPosition[]>();
  for (const a of assignments) {
    const path: PathPosition[] = [];
    for (let p = byId.get(a.position_id); p; p = p.parent_id ? byId.get(p.parent_id) : undefined) {
      path.push({ positionId: p.id, tier: p.tier as Tier });
    }
    paths.set(a.household_id, path);
  }
  return paths;
}

/**
 * About five reports a day, most from a few busy entrances (so their building leaders pass the rates'
 * minimum of 10 a month): acknowledged — now and then late, so the ladder climbs — worked on,
 * resolved, referred, declined, reopened or merged, and answered by the resident after.
 */
export async function planReports(ctx: HistoryContext): Promise<void> {
  const { random } = ctx;
  const workerId = ctx.actors.worker?.user.id as string;
  const { categories, urgencies } = await catalogue(ctx.db);
  const paths = await pathsOf(ctx);
  const entrances = Math.max(...ctx.households.map((h) => h.entrance)) + 1;
  const busy = new Set([0, 1, 2, 3].map((i) => (i * 5) % entrances));
  const busyHouseholds = ctx.households.filter((h) => busy.has(h.entrance));
  const stories: ReportStory[] = [];

  const answerAfter = (story: ReportStory, closedAt: Date) => {
    if (!random.chance(0.85)) return;
    const solved = random.chance(0.92);
    story.answer(later(closedAt, random.int(3, 60) * HOUR), solved, random.chance(solved ? 0.93 : 0.3));
  };

  for (const day of daysBetween(ctx.start, ctx.end)) {
    const count = random.int(3, 7);
    for (let n = 0; n < count; n++) {
      const household = random.chance(0.65) ? random.pick(busyHouseholds) : random.pick(ctx.households);
      const code = random.weighted(CATEGORY_WEIGHTS);
      const category = categories.find((c) => c.code === code);
      const urgency = urgencies.find((u) => u.code === category?.default_urgency);
      if (!category || !urgency) continue;
      const createdAt = beijingTime(day, random.int(7, 20), random.int(0, 59));
      if (createdAt > ctx.end) continue;
      const age = ctx.end.getTime() - createdAt.getTime();
      const path = paths.get(household.id) ?? [];
      const input = {
        category: code,
        handlerTier: category.handler_tier as Tier,
        householdId: household.id,
        description: random.pick(DESCRIPTIONS[code] ?? ['']),
      };
      const story = new ReportStory(ctx, path, urgency, workerId, { ...input, at: createdAt });
      stories.push(story);
      const emergency = code === 'health_emergency';
      const late = random.chance(0.08);
      const ackAt = later(
        createdAt,
        emergency
          ? random.int(2, 8) * 60_000
          : late
            ? random.int(26, 50) * HOUR
            : random.int(10, 150) * 60_000,
      );
      if (age < 6 * HOUR && random.chance(0.5)) continue; // still new
      if (!emergency && age > 2 * DAY && random.chance(0.05)) {
        // The same problem reported again from the household, folded into the first before work starts.
        const twinAt = later(createdAt, random.int(20, 60) * 60_000);
        const twin = new ReportStory(ctx, path, urgency, workerId, { ...input, at: twinAt });
        twin.mergeInto(later(twinAt, random.int(10, 40) * 60_000), story);
        stories.push(twin);
      }
      story.act(ackAt, 'acknowledge');
      const fate: Fate =
        age < 3 * DAY && random.chance(0.6)
          ? 'open'
          : random.weighted([
              ['resolved', 74],
              ['reopened', 5],
              ['referred', 10],
              ['outside_remit', 6],
              ['open', 2],
            ] as const);
      const workAt = later(ackAt, random.int(1, 20) * HOUR);
      const closeAt = later(workAt, emergency ? random.int(1, 3) * HOUR : random.int(3, 96) * HOUR);
      switch (fate) {
        case 'open':
          if (random.chance(0.6)) story.act(workAt, 'start');
          break;
        case 'resolved':
          story.act(workAt, 'start');
          story.act(closeAt, 'resolve');
          answerAfter(story, closeAt);
          break;
        case 'reopened': {
          // Not solved, said the resident: reopened within the week and resolved again.
          story.act(closeAt, 'resolve');
          const heard = later(closeAt, random.int(4, 30) * HOUR);
          story.answer(heard, false, false);
          story.act(later(heard, 2 * HOUR), 'reopen');
          const again = later(heard, random.int(24, 72) * HOUR);
          story.act(again, 'resolve');
          answerAfter(story, again);
          break;
        }
        case 'referred':
        case 'outside_remit': {
          const [referredTo, residentGuidance] = random.pick(REFERRALS);
          if (fate === 'referred') story.act(closeAt, 'refer', { referredTo, residentGuidance });
          else story.act(closeAt, 'outside_remit', { note: '这件事不归社区管，已经跟居民讲清楚该找哪里。' });
          if (random.chance(0.8)) {
            story.answer(later(closeAt, random.int(4, 48) * HOUR), random.chance(0.6), random.chance(0.8));
          }
          break;
        }
      }
    }
  }
  for (const story of stories) story.finish();
  const rows = {
    report: stories.map((s) => s.row),
    report_event: stories.flatMap((s) => s.events),
    report_escalation: stories.flatMap((s) => s.steps),
    report_feedback: stories.flatMap((s) => s.feedback),
  };
  for (const [table, list] of Object.entries(rows)) {
    await insertInBatches(ctx.db, table as keyof typeof rows, list as never[]);
  }
}

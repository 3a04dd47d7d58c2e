import type { Kysely } from 'kysely';
import type { Role } from '../../shared/roles';
import { appendAudit } from '../audit/audit.repository';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';
import type { Actor } from './actor';

/** What each role may do, in one table; records within reach are further limited by the scope. */
const PERMISSIONS = {
  'registry.read': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  'register.write': ['worker', 'committee'],
  'liaison.manage': ['worker', 'committee'],
  'liaison.coverage': ['subdistrict', 'worker', 'committee'],
  'register.import': ['worker', 'committee'],
  'register.export': ['subdistrict', 'worker', 'committee'],
  /** Door notices (issue 23) are the office's word to a household, signed by the community. */
  'register.doorNotices': ['worker', 'committee'],
  'reports.create': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'reports.read': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  'reports.handle': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /** Closing questions recorded in person; the use case also requires a tier other than the handler's. */
  'reports.feedback': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'reports.photos': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /** The three rates; chain roles see their own subtree only. */
  'reports.rates': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  /** Care plans, visits and check-ins of households in scope (issue 5). */
  'care.read': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  /**
   * "导出 Excel" of the care tables (issue 23); keys and errands also need their own read permission, so
   * their exports are for workers and the committee only.
   */
  'care.export': ['subdistrict', 'worker', 'committee'],
  /** Setting up, changing and ending care plans. */
  'care.plan': ['worker', 'committee'],
  /** Recording visits, check-ins and their outcomes, and turning follow-ups into reports. */
  'care.record': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /** Declaring a major event (heat wave, snowstorm, outage) that makes a visit due within 24 hours. */
  'care.events': ['worker', 'committee'],
  /**
   * Door keys, errands and money handled on a resident's behalf: workers and the committee; chain roles
   * only for records their own position carries (the holder, the doer, the handler), checked per record.
   */
  'care.keys.read': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'care.keys.manage': ['worker', 'committee'],
  'care.keys.use': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'care.errands.read': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'care.errands.manage': ['worker', 'committee'],
  'care.errands.done': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'care.money.read': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'care.money.manage': ['worker', 'committee'],
  'care.money.write': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /** Family contacts follow the household scope. */
  'care.family.read': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  'care.family.write': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /**
   * The volunteer service station (issue 7). Sessions are seen by the community's staff, the chain and
   * its volunteers; residents are booked and group-purchase orders placed by whoever knows them,
   * within their household scope.
   */
  'service.read': [
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
    'volunteer',
  ],
  'service.manage': ['worker', 'committee'],
  'service.book': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /** Signing up, checking in and out; a volunteer only for themselves, checked in the use case. */
  'service.volunteer': ['worker', 'committee', 'volunteer'],
  /** A volunteer sees their own hours; workers and the committee everyone's. */
  'service.hours.read': ['worker', 'committee', 'volunteer'],
  /** Blood-pressure readings and the consent to them: health class, every read audited. */
  'service.readings': ['worker', 'committee'],
  'service.purchases.order': [
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  'service.value.read': ['subdistrict', 'worker', 'committee'],
  /** Policies are public text; reading them needs no sensitive class. */
  'welfare.policies.read': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
    'volunteer',
  ],
  /** Household facts, decisions, lists, applications and grants: income and assets (finance class). */
  'welfare.read': ['subdistrict', 'worker', 'committee'],
  /** Recording facts, evaluating, filing, publishing notices, proposing and approving parameter changes. */
  'welfare.write': ['worker', 'committee'],
  /** Emergency aid, each role within its dated limit; the subdistrict for households of its communities. */
  'welfare.grant': ['subdistrict', 'worker', 'committee'],
  /** The committee's review and final approval of applications. */
  'welfare.review': ['committee'],
  /** The building leader's round (issue 19): the round, items waiting, signals, coverage, in scope. */
  'round.read': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /** Logging what arrived, subscriptions, and calls at the door. */
  'round.record': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  /** A household's days before papers piling up raise a signal. */
  'round.settings': ['worker', 'committee', 'building_leader'],
  /**
   * Outreach lists, 走访名单 (issue 23): the community's office makes and changes them; the subdistrict
   * reads; the chain reads and records outcomes for its own households only (checked per entry).
   */
  'outreach.read': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  'outreach.manage': ['worker', 'committee'],
  'outreach.record': ['worker', 'committee', 'branch', 'group_leader', 'party_member', 'building_leader'],
  'outreach.export': ['subdistrict', 'worker', 'committee'],
  'users.manage': ['admin'],
  /** Today's desk: community-wide roles their community (the subdistrict read-only), the chain its subtree. */
  'desk.today': [
    'subdistrict',
    'worker',
    'committee',
    'branch',
    'group_leader',
    'party_member',
    'building_leader',
  ],
  /** The monthly figures, report and overview: no chain roles (issue 16). */
  'desk.report': ['subdistrict', 'worker', 'committee'],
  /** Closing a month keeps its figures for good: the committee's. */
  'desk.close': ['committee'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.user.role);
}

export interface AccessContext {
  db: Kysely<DB>;
  clock: Clock;
  actor: Actor;
}

/** Every use case starts here. A refusal is recorded in the audit trail before it is answered. */
export async function requirePermission(ctx: AccessContext, permission: Permission): Promise<void> {
  if (hasPermission(ctx.actor, permission)) return;
  await recordDenial(ctx, { permission });
  throw new AppError('auth.forbidden');
}

/**
 * A record outside the caller's scope answers exactly like a record that does not exist, so scope
 * cannot be probed; the attempt is still recorded.
 */
export async function denyNotFound(
  ctx: AccessContext,
  error: AppError,
  target: { type: string; id: string },
): Promise<never> {
  await recordDenial(ctx, { target });
  throw error;
}

async function recordDenial(
  ctx: AccessContext,
  detail: { permission?: Permission; target?: { type: string; id: string } },
): Promise<void> {
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, ctx.clock(), [
      {
        action: 'access.denied',
        outcome: 'denied',
        actorUserId: ctx.actor.user.id,
        actorRole: ctx.actor.user.role,
        targetType: detail.target?.type ?? null,
        targetId: detail.target?.id ?? null,
        ip: ctx.actor.ip,
        detail: detail.permission ? { permission: detail.permission } : null,
      },
    ]),
  );
}

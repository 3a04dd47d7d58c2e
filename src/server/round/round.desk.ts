import type { TRoundDesk } from '../../shared/contracts/round';
import { hasPermission } from '../auth/permissions';
import { presentSignals } from './round.presenters';
import { signalsInScope } from './round.repository';
import { coverage, type RoundContext } from './round.usecases';

/** Weeks of coverage the desk shows: this one and the one before, enough to see who has stopped going. */
const DESK_WEEKS = 2;

/**
 * The round's section of the committee's 今日一览 (issue 19): the piling-up signals open and the round's
 * coverage, within the caller's scope (the chain sees its own subtree). Null for a role without the round.
 */
export async function roundDesk(ctx: RoundContext): Promise<TRoundDesk | null> {
  if (!hasPermission(ctx.actor, 'round.read')) return null;
  const [rows, cover] = await Promise.all([
    signalsInScope(ctx.db, ctx.actor.scope, 'open'),
    coverage(ctx, DESK_WEEKS),
  ]);
  const signals = await presentSignals(ctx.db, ctx.actor.scope, rows, ctx.lang);
  return {
    signalsOpen: signals.length,
    signals,
    weeks: cover.weeks,
    notReached: cover.leaders.reduce((sum, l) => sum + l.notReached.length, 0),
    leaders: cover.leaders.map((l) => ({
      positionId: l.positionId,
      name: l.name,
      doors: l.doors,
      reachedPerWeek: l.reachedPerWeek,
      notReached: l.notReached.length,
    })),
  };
}

/** The open signals as desk items: each a household to go and see, oldest first. */
export function roundDeskItems(desk: TRoundDesk | null, lang: 'zh-CN' | 'en') {
  return (desk?.signals ?? []).map((s) => ({
    kind: 'round_signal' as const,
    id: s.id,
    title: lang === 'en' ? `${s.address}: ${s.why}` : `${s.address}：${s.why}`,
    dueAt: s.raisedAt,
    overdue: true,
    tier: null,
    link: '/round/waiting',
    count: null,
    ladder: null,
  }));
}

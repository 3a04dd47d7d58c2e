import type { Kysely } from 'kysely';
import { appendAudit, appendDeferredAudit, deferAudit, deferredAuditMark } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import type { SeededUser } from './demoCommunity';
import { planCare } from './history/care';
import { planReports } from './history/reports';
import { planService } from './history/service';
import { actorsOf, type HistoryContext, householdsOf, SILENT_FEED, Timeline } from './history/timeline';
import { planWelfare } from './history/welfare';
import { seededRandom } from './random';

const PARTS: readonly ((ctx: HistoryContext) => void | Promise<void>)[] = [
  planReports,
  planCare,
  planWelfare,
  planService,
];

/** Audit entries chained per insert: well under either database's limit on parameters. */
const AUDIT_CHUNK = 1000;

/**
 * `months` of the community's life up to `end`, in the caller's transaction. Every part plans its
 * actions on one timeline, which runs them in time order with the clock set to each moment; the audit
 * entries wait and are chained in that order, a thousand at a time.
 */
export async function seedHistory(
  db: Kysely<DB>,
  community: { communityId: string; users: SeededUser[] },
  end: Date,
  options: { months: number; seed: number },
): Promise<void> {
  if (options.months <= 0) return;
  const start = new Date(end);
  start.setUTCMonth(start.getUTCMonth() - options.months);
  const timeline = new Timeline(start);
  const households = await householdsOf(db, community.communityId, end);
  const actors = await actorsOf(db, Object.fromEntries(community.users.map((u) => [u.username, u.id])), end);
  for (const [index, plan] of PARTS.entries()) {
    await plan({
      db,
      timeline,
      // Each part draws from its own sequence, so adding to one part leaves the others as they were.
      random: seededRandom(options.seed * 31 + index),
      feed: SILENT_FEED,
      communityId: community.communityId,
      start,
      end,
      actors,
      households,
      audit: (at, entry) => timeline.at(at, () => appendAudit(db, at, [entry])),
    });
  }
  deferAudit(db);
  await timeline.run(end, async () => {
    if (deferredAuditMark(db) < AUDIT_CHUNK) return;
    await appendDeferredAudit(db);
    deferAudit(db);
  });
  await appendDeferredAudit(db);
}

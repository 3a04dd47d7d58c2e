import type { FastifyInstance } from 'fastify';
import type { Language } from '../../shared/errors';
import { requireActor } from '../auth/authenticate';
import { requirePermission } from '../auth/permissions';
import type { Scope } from '../auth/scope';
import { deliverCheckin } from '../care/ladder';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { ReportTable } from '../db/schema';
import { requestLanguage } from '../http/language';
import type { FeedBus, FeedSignal, SavedReport } from './feed';
import { presentSummaries } from './reports.presenters';
import { findReportRow } from './reports.repository';

/** The same rule as `reportInScope`, applied in memory to one report for one open screen. */
export function reportVisibleTo(scope: Scope, report: ReportTable): boolean {
  if (!scope.communityIds.includes(report.community_id)) return false;
  if (scope.chainPositionIds === null) return true;
  return (
    (report.household_id !== null && (scope.householdIds?.has(report.household_id) ?? false)) ||
    (report.recorded_by_position_id !== null && scope.chainPositionIds.has(report.recorded_by_position_id)) ||
    (report.responsible_position_id !== null && scope.chainPositionIds.has(report.responsible_position_id))
  );
}

const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/v1/feed`: server-sent events, one `report` event per report created, escalated or changed
 * that the caller may see. Each signal is read (unless this server saved it) and presented once per
 * language, then filtered per screen.
 */
export function feedRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const screens = new Set<{ scope: Scope; lang: Language; write: (chunk: string) => void }>();

    const unsubscribe = deps.feed.subscribe((signal: FeedSignal, saved?: SavedReport) => {
      void deliver(signal, saved).catch((error) =>
        app.log.error({ err: error }, 'live feed delivery failed'),
      );
    });
    app.addHook('onClose', async () => {
      unsubscribe();
    });

    async function deliver(signal: FeedSignal, saved: SavedReport | undefined) {
      if (screens.size === 0) return;
      if (!('reportId' in signal)) {
        await deliverCheckin(deps.database.db, deps.clock, screens, signal);
        return;
      }
      const row = saved?.row ?? (await findReportRow(deps.database.db, signal.reportId));
      if (!row) return;
      // One frame per language, written to every screen of that language that may see the report.
      const frames = new Map<Language, string>();
      for (const screen of screens) {
        if (!reportVisibleTo(screen.scope, row)) continue;
        let frame = frames.get(screen.lang);
        if (frame === undefined) {
          const report =
            saved?.lang === screen.lang
              ? saved.summary
              : (await presentSummaries(deps.database.db, [row], screen.lang))[0];
          if (!report) return;
          frame = `event: report\ndata: ${JSON.stringify({ kind: signal.kind, at: signal.at, report })}\n\n`;
          frames.set(screen.lang, frame);
        }
        screen.write(frame);
      }
    }

    app.get('/api/v1/feed', { schema: { tags: ['reports'], hide: true } }, async (req, reply) => {
      const actor = requireActor(req);
      await requirePermission({ db: deps.database.db, clock: deps.clock, actor }, 'reports.read');
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 3000\n\n');
      const screen = {
        scope: actor.scope,
        lang: requestLanguage(req),
        write: (chunk: string) => raw.write(chunk),
      };
      screens.add(screen);
      const heartbeat = setInterval(() => raw.write(': still here\n\n'), HEARTBEAT_MS);
      req.raw.on('close', () => {
        clearInterval(heartbeat);
        screens.delete(screen);
      });
    });
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZRatesTrend,
  ZReportsByWeek,
  ZServiceByMonth,
  ZStatsQuery,
  ZToCommittee,
  ZVisitsByBuilding,
  ZWeeksQuery,
} from '../../shared/contracts/stats';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import type { FeedBus } from '../reports/feed';
import {
  ratesTrend,
  reportsByWeek,
  type StatsContext,
  serviceByMonth,
  toCommittee,
  visitsByBuilding,
} from './stats.usecases';

/** The charts' figures (issue 16); see src/shared/contracts/stats.ts. */
export function statsRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['stats'];
    const ctx = (req: FastifyRequest): StatsContext => ({
      db: deps.database.db,
      clock: deps.clock,
      actor: requireActor(req),
      lang: requestLanguage(req),
      feed: deps.feed,
    });
    api.get(
      '/api/v1/stats/rates-trend',
      { schema: { tags, querystring: ZStatsQuery, response: { 200: ZRatesTrend } } },
      async (req) => ratesTrend(ctx(req), req.query),
    );
    api.get(
      '/api/v1/stats/reports-by-week',
      { schema: { tags, querystring: ZWeeksQuery, response: { 200: ZReportsByWeek } } },
      async (req) => reportsByWeek(ctx(req), req.query),
    );
    api.get(
      '/api/v1/stats/to-committee',
      { schema: { tags, querystring: ZStatsQuery, response: { 200: ZToCommittee } } },
      async (req) => toCommittee(ctx(req), req.query),
    );
    api.get(
      '/api/v1/stats/visits-by-building',
      { schema: { tags, querystring: ZStatsQuery, response: { 200: ZVisitsByBuilding } } },
      async (req) => visitsByBuilding(ctx(req), req.query),
    );
    api.get(
      '/api/v1/stats/service-by-month',
      { schema: { tags, querystring: ZStatsQuery, response: { 200: ZServiceByMonth } } },
      async (req) => serviceByMonth(ctx(req), req.query),
    );
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZCloseMonthInput, ZMonthlyReport, ZMonthlyReportQuery } from '../../shared/contracts/desk';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import type { FeedBus } from '../reports/feed';
import { closeMonth, type DeskContext, monthlyReport } from './desk.usecases';

/** The committee's desk, the subdistrict's overview and the monthly report (issue 16); see src/shared/contracts/desk.ts. */
export function deskRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['desk'];
    const ctx = (req: FastifyRequest): DeskContext => ({
      db: deps.database.db,
      clock: deps.clock,
      actor: requireActor(req),
      lang: requestLanguage(req),
      feed: deps.feed,
    });
    api.get(
      '/api/v1/monthly-report',
      { schema: { tags, querystring: ZMonthlyReportQuery, response: { 200: ZMonthlyReport } } },
      async (req) => monthlyReport(ctx(req), req.query),
    );
    api.post(
      '/api/v1/monthly-report/close',
      { schema: { tags, body: ZCloseMonthInput, response: { 200: ZMonthlyReport } } },
      async (req) => closeMonth(ctx(req), req.body),
    );
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZCloseMonthInput,
  ZMonthlyReport,
  ZMonthlyReportQuery,
  ZOverview,
  ZOverviewQuery,
  ZToday,
  ZTodayQuery,
} from '../../shared/contracts/desk';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import type { FeedBus } from '../reports/feed';
import {
  closeMonth,
  type DeskContext,
  monthlyReport,
  monthlyReportsFor,
  subdistrictOverview,
  today,
} from './desk.usecases';
import { monthlyReportPdf } from './monthlyReport.pdf';
import { monthlyReportXlsx } from './monthlyReport.xlsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `2026-11 社区月报` for one community, `2026-11 各社区月报` for several. */
export function reportTitle(month: string, communities: readonly string[]): string {
  return communities.length === 1 ? `${communities[0]} ${month} 工作月报` : `${month} 各社区工作月报`;
}

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
    api.get(
      '/api/v1/monthly-report.pdf',
      { schema: { tags, querystring: ZMonthlyReportQuery, produces: ['application/pdf'] } },
      async (req, reply) => {
        const reports = await monthlyReportsFor(ctx(req), req.query);
        const pdf = await monthlyReportPdf(
          reports,
          reportTitle(
            req.query.month,
            reports.map((r) => r.figures.communityName),
          ),
        );
        return reply
          .type('application/pdf')
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `inline; filename="monthly-report-${req.query.month}.pdf"`)
          .send(pdf);
      },
    );
    api.get(
      '/api/v1/monthly-report.xlsx',
      { schema: { tags, querystring: ZMonthlyReportQuery, produces: [XLSX] } },
      async (req, reply) => {
        const book = await monthlyReportXlsx(await monthlyReportsFor(ctx(req), req.query));
        return reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `attachment; filename="monthly-report-${req.query.month}.xlsx"`)
          .send(book);
      },
    );
    api.get(
      '/api/v1/dashboard/today',
      { schema: { tags, querystring: ZTodayQuery, response: { 200: ZToday } } },
      async (req) => today(ctx(req), req.query),
    );
    api.get(
      '/api/v1/subdistrict/overview',
      { schema: { tags, querystring: ZOverviewQuery, response: { 200: ZOverview } } },
      async (req) => subdistrictOverview(ctx(req), req.query),
    );
  };
}

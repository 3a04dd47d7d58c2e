import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZOk } from '../../shared/contracts/auth';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import { ZIdParam } from '../../shared/contracts/registry';
import {
  ZCatalogue,
  ZMergeInput,
  ZReport,
  ZReportBulk,
  ZReportBulkResult,
  ZReportExportQuery,
  ZReportInput,
  ZReportList,
  ZReportListQuery,
  ZReportPage,
  ZReportSummary,
  ZReportTransition,
} from '../../shared/contracts/reports';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import { bulkReports } from './bulk.usecases';
import { exportReports } from './export.usecases';
import type { FeedBus } from './feed';
import {
  createReport,
  duplicatesOf,
  getReport,
  listReportsInScope,
  mergeReport,
  reportCatalogue,
  reportSeen,
  transitionReport,
} from './reports.usecases';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Phones retry; a key of their own choosing makes the retry harmless. */

export function reportsRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = useCaseContext(deps);
    const ctx = (req: FastifyRequest) => ({ ...base(req), feed: deps.feed, lang: requestLanguage(req) });
    const tags = ['reports'];

    api.get('/api/v1/reports/catalogue', { schema: { tags, response: { 200: ZCatalogue } } }, async (req) => {
      requireActor(req);
      return reportCatalogue({ db: deps.database.db, lang: requestLanguage(req) });
    });
    api.post(
      '/api/v1/reports',
      {
        schema: { tags, headers: ZIdempotencyHeaders, body: ZReportInput, response: { 200: ZReportSummary } },
      },
      async (req) => createReport(ctx(req), req.body, req.headers['idempotency-key']),
    );
    api.get(
      '/api/v1/reports',
      { schema: { tags, querystring: ZReportListQuery, response: { 200: ZReportPage } } },
      async (req) => listReportsInScope(ctx(req), req.query),
    );
    api.post(
      '/api/v1/reports/bulk',
      {
        schema: {
          tags,
          headers: ZIdempotencyHeaders,
          body: ZReportBulk,
          response: { 200: ZReportBulkResult },
        },
      },
      async (req) => bulkReports(ctx(req), req.body, req.headers['idempotency-key']),
    );
    api.get(
      '/api/v1/reports.xlsx',
      { schema: { tags, querystring: ZReportExportQuery, produces: [XLSX] } },
      async (req, reply) => {
        const book = await exportReports(ctx(req), req.query);
        return reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', 'attachment; filename="reports.xlsx"')
          .send(book);
      },
    );
    api.get(
      '/api/v1/reports/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZReport } } },
      async (req) => getReport(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/reports/:id/transition',
      { schema: { tags, params: ZIdParam, body: ZReportTransition, response: { 200: ZReport } } },
      async (req) => transitionReport(ctx(req), req.params.id, req.body),
    );
    api.get(
      '/api/v1/reports/:id/duplicates',
      { schema: { tags, params: ZIdParam, response: { 200: ZReportList } } },
      async (req) => duplicatesOf(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/reports/:id/merge',
      { schema: { tags, params: ZIdParam, body: ZMergeInput, response: { 200: ZReport } } },
      async (req) => mergeReport(ctx(req), req.params.id, req.body.into),
    );
    api.post(
      '/api/v1/reports/:id/seen',
      { schema: { tags, params: ZIdParam, response: { 200: ZOk } } },
      async (req) => {
        await reportSeen(ctx(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}

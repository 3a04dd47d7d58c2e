import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZApplicationExportQuery,
  ZApplicationTable,
  ZApplicationTableQuery,
  ZDecisionExportQuery,
  ZDecisionTable,
  ZDecisionTableQuery,
  ZGrantExportQuery,
  ZGrantTable,
  ZGrantTableQuery,
  ZNoticeExportQuery,
  ZNoticeTable,
  ZNoticeTableQuery,
} from '../../shared/contracts/welfareTables';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import {
  applicationTable,
  decisionTable,
  exportApplications,
  exportDecisions,
  exportGrants,
  exportNotices,
  grantTable,
  noticeTable,
} from './tables.usecases';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The welfare office's tables at a desk and their .xlsx (issue 23). */
export function welfareTableRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['welfare'];
    const file = (lang: string, zh: string, en: string) => attachment(lang === 'en' ? en : zh);

    api.get(
      '/api/v1/welfare/tables/applications',
      { schema: { tags, querystring: ZApplicationTableQuery, response: { 200: ZApplicationTable } } },
      async (req) => applicationTable(ctx(req), req.query, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/tables/applications/export',
      { schema: { tags, produces: [XLSX], querystring: ZApplicationExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportApplications(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', file(lang, '民生保障申请.xlsx', 'welfare-applications.xlsx'))
          .send(body);
      },
    );
    api.get(
      '/api/v1/welfare/tables/decisions',
      { schema: { tags, querystring: ZDecisionTableQuery, response: { 200: ZDecisionTable } } },
      async (req) => decisionTable(ctx(req), req.query, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/tables/decisions/export',
      { schema: { tags, produces: [XLSX], querystring: ZDecisionExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportDecisions(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', file(lang, '认定结果.xlsx', 'welfare-decisions.xlsx'))
          .send(body);
      },
    );
    api.get(
      '/api/v1/welfare/tables/grants',
      { schema: { tags, querystring: ZGrantTableQuery, response: { 200: ZGrantTable } } },
      async (req) => grantTable(ctx(req), req.query),
    );
    api.get(
      '/api/v1/welfare/tables/grants/export',
      { schema: { tags, produces: [XLSX], querystring: ZGrantExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportGrants(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', file(lang, '临时救助.xlsx', 'emergency-aid.xlsx'))
          .send(body);
      },
    );
    api.get(
      '/api/v1/welfare/tables/notices',
      { schema: { tags, querystring: ZNoticeTableQuery, response: { 200: ZNoticeTable } } },
      async (req) => noticeTable(ctx(req), req.query, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/tables/notices/export',
      { schema: { tags, produces: [XLSX], querystring: ZNoticeExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportNotices(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', file(lang, '公示.xlsx', 'public-notices.xlsx'))
          .send(body);
      },
    );
  };
}

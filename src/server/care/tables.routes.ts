import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZCarePlanExportQuery,
  ZCheckinExportQuery,
  ZCheckinTable,
  ZCheckinTableQuery,
  ZErrandExportQuery,
  ZErrandsDoneBulk,
  ZErrandsDoneBulkResult,
  ZKeyExportQuery,
} from '../../shared/contracts/careTables';
import type { Language } from '../../shared/languages';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import {
  checkinTable,
  exportCheckins,
  exportErrands,
  exportKeys,
  exportPlans,
  markErrandsDone,
} from './tables.usecases';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const FILE_NAMES: Record<'plans' | 'checkins' | 'errands' | 'keys', Record<Language, string>> = {
  plans: { 'zh-CN': '照护计划.xlsx', en: 'care-plans.xlsx' },
  checkins: { 'zh-CN': '每日报平安.xlsx', en: 'check-ins.xlsx' },
  errands: { 'zh-CN': '代办代缴.xlsx', en: 'errands.xlsx' },
  keys: { 'zh-CN': '钥匙托管.xlsx', en: 'door-keys.xlsx' },
};

/** The care area's office tables (issue 23): the check-ins list, and "导出 Excel" of each care table. */
export function careTablesRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['care'];

    api.get(
      '/api/v1/care/checkins',
      { schema: { tags, querystring: ZCheckinTableQuery, response: { 200: ZCheckinTable } } },
      async (req) => checkinTable(ctx(req), req.query),
    );
    api.post(
      '/api/v1/care/errands/done',
      { schema: { tags, body: ZErrandsDoneBulk, response: { 200: ZErrandsDoneBulkResult } } },
      async (req) => markErrandsDone(ctx(req), req.body, requestLanguage(req)),
    );
    api.get(
      '/api/v1/care/plans/export',
      { schema: { tags, produces: [XLSX], querystring: ZCarePlanExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportPlans(ctx(req), req.query, lang);
        return reply.type(XLSX).header('content-disposition', attachment(FILE_NAMES.plans[lang])).send(body);
      },
    );
    api.get(
      '/api/v1/care/checkins/export',
      { schema: { tags, produces: [XLSX], querystring: ZCheckinExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportCheckins(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(FILE_NAMES.checkins[lang]))
          .send(body);
      },
    );
    api.get(
      '/api/v1/care/errands/export',
      { schema: { tags, produces: [XLSX], querystring: ZErrandExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportErrands(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(FILE_NAMES.errands[lang]))
          .send(body);
      },
    );
    api.get(
      '/api/v1/care/keys/export',
      { schema: { tags, produces: [XLSX], querystring: ZKeyExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportKeys(ctx(req), req.query, lang);
        return reply.type(XLSX).header('content-disposition', attachment(FILE_NAMES.keys[lang])).send(body);
      },
    );
  };
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZHomeSummary } from '../../shared/contracts/home';
import {
  ZHousehold,
  ZHouseholdExportQuery,
  ZHouseholdList,
  ZHouseholdListQuery,
  ZIdParam,
  ZResidentExportQuery,
  ZResidentList,
  ZResidentListQuery,
} from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import { exportHouseholds, exportResidents, listResidentsInScope } from './lists.usecases';
import { getHousehold, homeSummary, listHouseholdsInScope } from './registry.usecases';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registryRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);

    api.get('/api/v1/home', { schema: { tags: ['home'], response: { 200: ZHomeSummary } } }, async (req) =>
      homeSummary(ctx(req)),
    );

    api.get(
      '/api/v1/households',
      { schema: { tags: ['registry'], querystring: ZHouseholdListQuery, response: { 200: ZHouseholdList } } },
      async (req) => listHouseholdsInScope(ctx(req), req.query),
    );

    api.get(
      '/api/v1/households/export',
      { schema: { tags: ['registry'], produces: [XLSX], querystring: ZHouseholdExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportHouseholds(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(lang === 'en' ? 'households.xlsx' : '住户.xlsx'))
          .send(body);
      },
    );

    api.get(
      '/api/v1/residents',
      { schema: { tags: ['registry'], querystring: ZResidentListQuery, response: { 200: ZResidentList } } },
      async (req) => listResidentsInScope(ctx(req), req.query),
    );

    api.get(
      '/api/v1/residents/export',
      { schema: { tags: ['registry'], produces: [XLSX], querystring: ZResidentExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportResidents(ctx(req), req.query, lang);
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(lang === 'en' ? 'residents.xlsx' : '居民.xlsx'))
          .send(body);
      },
    );

    api.get(
      '/api/v1/households/:id',
      { schema: { tags: ['registry'], params: ZIdParam, response: { 200: ZHousehold } } },
      async (req) => getHousehold(ctx(req), req.params.id),
    );
  };
}

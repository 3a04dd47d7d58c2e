import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZHomeSummary } from '../../shared/contracts/home';
import { ZHousehold, ZHouseholdList, ZHouseholdListQuery, ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import { getHousehold, homeSummary, listHouseholdsInScope } from './registry.usecases';

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
      '/api/v1/households/:id',
      { schema: { tags: ['registry'], params: ZIdParam, response: { 200: ZHousehold } } },
      async (req) => getHousehold(ctx(req), req.params.id),
    );
  };
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZErrand,
  ZErrandDoneInput,
  ZErrandInput,
  ZErrandList,
  ZErrandListQuery,
  ZErrandPatch,
  ZErrandsDue,
  ZErrandsDueQuery,
} from '../../shared/contracts/careKeysMoney';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import { createErrand, errandsDue, getErrand, markErrandDone, patchErrand } from './errands.usecases';
import { listErrandTable } from './tables.usecases';

export function errandsRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['care'];

    api.get(
      '/api/v1/care/errands',
      { schema: { tags, querystring: ZErrandListQuery, response: { 200: ZErrandList } } },
      async (req) => listErrandTable(ctx(req), req.query),
    );
    api.post(
      '/api/v1/care/errands',
      { schema: { tags, body: ZErrandInput, response: { 200: ZErrand } } },
      async (req) => createErrand(ctx(req), req.body),
    );
    api.get(
      '/api/v1/care/errands/due',
      { schema: { tags, querystring: ZErrandsDueQuery, response: { 200: ZErrandsDue } } },
      async (req) => errandsDue(ctx(req), req.query.positionId),
    );
    api.get(
      '/api/v1/care/errands/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZErrand } } },
      async (req) => getErrand(ctx(req), req.params.id),
    );
    api.patch(
      '/api/v1/care/errands/:id',
      { schema: { tags, params: ZIdParam, body: ZErrandPatch, response: { 200: ZErrand } } },
      async (req) => patchErrand(ctx(req), req.params.id, req.body),
    );
    api.post(
      '/api/v1/care/errands/:id/done',
      { schema: { tags, params: ZIdParam, body: ZErrandDoneInput, response: { 200: ZErrand } } },
      async (req) => markErrandDone(ctx(req), req.params.id, req.body),
    );
  };
}

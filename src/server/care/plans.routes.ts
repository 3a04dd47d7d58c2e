import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZCareEvent,
  ZCareEventInput,
  ZCareEventList,
  ZCarePlan,
  ZCarePlanInput,
  ZCarePlanList,
  ZCarePlanListQuery,
  ZCarePlanPatch,
  ZVisitRate,
  ZVisitRateQuery,
} from '../../shared/contracts/care';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import type { FeedBus } from '../reports/feed';
import { createPlan, declareEvent, getPlan, listEvents, patchPlan, visitRate } from './plans.usecases';
import { planTable } from './tables.usecases';

export function carePlansRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = useCaseContext(deps);
    const ctx = (req: FastifyRequest) => ({ ...base(req), feed: deps.feed, lang: requestLanguage(req) });
    const tags = ['care'];

    api.get(
      '/api/v1/care/plans',
      { schema: { tags, querystring: ZCarePlanListQuery, response: { 200: ZCarePlanList } } },
      async (req) => planTable(ctx(req), req.query),
    );
    api.post(
      '/api/v1/care/plans',
      { schema: { tags, body: ZCarePlanInput, response: { 200: ZCarePlan } } },
      async (req) => createPlan(ctx(req), req.body),
    );
    api.get(
      '/api/v1/care/plans/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZCarePlan } } },
      async (req) => getPlan(ctx(req), req.params.id),
    );
    api.patch(
      '/api/v1/care/plans/:id',
      { schema: { tags, params: ZIdParam, body: ZCarePlanPatch, response: { 200: ZCarePlan } } },
      async (req) => patchPlan(ctx(req), req.params.id, req.body),
    );
    api.get(
      '/api/v1/care/visit-rate',
      { schema: { tags, querystring: ZVisitRateQuery, response: { 200: ZVisitRate } } },
      async (req) => visitRate(ctx(req), req.query),
    );
    api.get('/api/v1/care/events', { schema: { tags, response: { 200: ZCareEventList } } }, async (req) =>
      listEvents(ctx(req)),
    );
    api.post(
      '/api/v1/care/events',
      { schema: { tags, body: ZCareEventInput, response: { 200: ZCareEvent } } },
      async (req) => declareEvent(ctx(req), req.body),
    );
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZCareTaskList,
  ZCheckin,
  ZCheckinInput,
  ZCheckinOutcomeInput,
  ZCheckinsToday,
  ZCheckinsTodayQuery,
} from '../../shared/contracts/care';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import type { FeedBus } from '../reports/feed';
import { careTasks, checkinsToday, getCheckin, recordCheckin, recordOutcome } from './checkins.usecases';

export function careCheckinsRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = useCaseContext(deps);
    const ctx = (req: FastifyRequest) => ({ ...base(req), feed: deps.feed, lang: requestLanguage(req) });
    const tags = ['care'];

    api.post(
      '/api/v1/care/plans/:id/checkins',
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZCheckinInput,
          response: { 200: ZCheckin },
        },
      },
      async (req) => recordCheckin(ctx(req), req.params.id, req.body, req.headers['idempotency-key']),
    );
    api.post(
      '/api/v1/care/plans/:id/checkin-outcome',
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZCheckinOutcomeInput,
          response: { 200: ZCheckin },
        },
      },
      async (req) => recordOutcome(ctx(req), req.params.id, req.body, req.headers['idempotency-key']),
    );
    api.get(
      '/api/v1/care/checkins/today',
      { schema: { tags, querystring: ZCheckinsTodayQuery, response: { 200: ZCheckinsToday } } },
      async (req) => checkinsToday(ctx(req), req.query),
    );
    api.get(
      '/api/v1/care/checkins/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZCheckin } } },
      async (req) => getCheckin(ctx(req), req.params.id),
    );
    api.get('/api/v1/care/tasks', { schema: { tags, response: { 200: ZCareTaskList } } }, async (req) =>
      careTasks(ctx(req)),
    );
  };
}

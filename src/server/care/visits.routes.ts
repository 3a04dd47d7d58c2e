import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZFollowUpReport,
  ZFollowUpReportInput,
  ZVisit,
  ZVisitInput,
  ZVisitList,
} from '../../shared/contracts/care';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import type { FeedBus } from '../reports/feed';
import { followUpToReport, listVisits, recordVisit } from './visits.usecases';

export function careVisitsRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = useCaseContext(deps);
    const ctx = (req: FastifyRequest) => ({ ...base(req), feed: deps.feed, lang: requestLanguage(req) });
    const tags = ['care'];

    api.get(
      '/api/v1/care/plans/:id/visits',
      { schema: { tags, params: ZIdParam, response: { 200: ZVisitList } } },
      async (req) => listVisits(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/care/plans/:id/visits',
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZVisitInput,
          response: { 200: ZVisit },
        },
      },
      async (req) => recordVisit(ctx(req), req.params.id, req.body, req.headers['idempotency-key']),
    );
    api.post(
      '/api/v1/care/followups/:id/report',
      { schema: { tags, params: ZIdParam, body: ZFollowUpReportInput, response: { 200: ZFollowUpReport } } },
      async (req) => followUpToReport(ctx(req), req.params.id, req.body),
    );
  };
}

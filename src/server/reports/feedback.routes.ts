import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParam } from '../../shared/contracts/registry';
import { ZFeedbackInput, ZReport } from '../../shared/contracts/reports';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import type { FeedBus } from './feed';
import { recordFeedbackInPerson } from './feedback.usecases';

/** The closing questions heard in person (the resident's own answers arrive through public.routes.ts). */
export function feedbackRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = (req: FastifyRequest) => ({
      db: deps.database.db,
      clock: deps.clock,
      actor: requireActor(req),
      feed: deps.feed,
      lang: requestLanguage(req),
    });
    api.post(
      '/api/v1/reports/:id/feedback',
      { schema: { tags: ['reports'], params: ZIdParam, body: ZFeedbackInput, response: { 200: ZReport } } },
      async (req) => recordFeedbackInPerson(ctx(req), req.params.id, req.body),
    );
  };
}

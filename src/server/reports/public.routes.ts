import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import {
  ZBuildingParam,
  ZFeedbackInput,
  ZPublicBuilding,
  ZPublicReport,
  ZPublicReportCreated,
  ZPublicReportInput,
  ZReopenInput,
  ZTokenParam,
} from '../../shared/contracts/publicReports';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import type { FeedBus } from './feed';
import {
  answerAsResident,
  publicBuilding,
  publicReportView,
  reopenAsResident,
  submitPublicReport,
} from './public.usecases';

/**
 * The resident's side, without an account: their building's page and the link that follows their
 * report. These routes never read the session, so they skip the CSRF check a signed-in browser would
 * otherwise need; the link's secret (or nothing, for intake) is what they go by.
 */
export function publicRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const pdeps = (req: FastifyRequest) => ({
      db: deps.database.db,
      clock: deps.clock,
      feed: deps.feed,
      lang: requestLanguage(req),
    });
    const tags = ['public'];
    const config = { skipCsrf: true };

    api.get(
      '/api/public/buildings/:id',
      { schema: { tags, params: ZBuildingParam, response: { 200: ZPublicBuilding } } },
      async (req) => publicBuilding(pdeps(req), req.params.id),
    );
    api.post(
      '/api/public/buildings/:id/reports',
      {
        config,
        schema: {
          tags,
          params: ZBuildingParam,
          headers: ZIdempotencyHeaders,
          body: ZPublicReportInput,
          response: { 200: ZPublicReportCreated },
        },
      },
      async (req) =>
        submitPublicReport(pdeps(req), req.params.id, req.body, req.ip, req.headers['idempotency-key']),
    );
    api.get(
      '/api/public/reports/:token',
      { schema: { tags, params: ZTokenParam, response: { 200: ZPublicReport } } },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return publicReportView(pdeps(req), req.params.token);
      },
    );
    api.post(
      '/api/public/reports/:token/feedback',
      {
        config,
        schema: { tags, params: ZTokenParam, body: ZFeedbackInput, response: { 200: ZPublicReport } },
      },
      async (req) => answerAsResident(pdeps(req), req.params.token, req.body, req.ip),
    );
    api.post(
      '/api/public/reports/:token/reopen',
      { config, schema: { tags, params: ZTokenParam, body: ZReopenInput, response: { 200: ZPublicReport } } },
      async (req) => reopenAsResident(pdeps(req), req.params.token, req.body, req.ip),
    );
  };
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZRates, ZRatesQuery } from '../../shared/contracts/rates';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { reportRates } from './rates.usecases';

export function ratesRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/api/v1/reports/rates',
      { schema: { tags: ['reports'], querystring: ZRatesQuery, response: { 200: ZRates } } },
      async (req) =>
        reportRates(
          { db: deps.database.db, clock: deps.clock, actor: requireActor(req), lang: requestLanguage(req) },
          req.query,
        ),
    );
  };
}

import type { FastifyRequest } from 'fastify';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';

/** What every use case receives from a route: the database, the clock, and the signed-in caller. */
export function useCaseContext(deps: { database: Database; clock: Clock }) {
  return (req: FastifyRequest) => ({ db: deps.database.db, clock: deps.clock, actor: requireActor(req) });
}

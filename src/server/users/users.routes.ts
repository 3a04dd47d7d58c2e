import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZUserList } from '../../shared/contracts/users';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { listUserAccounts } from './users.usecases';

export function usersRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    app
      .withTypeProvider<ZodTypeProvider>()
      .get('/api/v1/users', { schema: { tags: ['users'], response: { 200: ZUserList } } }, async (req) =>
        listUserAccounts({ db: deps.database.db, clock: deps.clock, actor: requireActor(req) }),
      );
  };
}

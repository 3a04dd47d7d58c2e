import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZUserList } from '../../shared/contracts/users';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import { listUserAccounts } from './users.usecases';

export function usersRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const ctx = useCaseContext(deps);
    app
      .withTypeProvider<ZodTypeProvider>()
      .get('/api/v1/users', { schema: { tags: ['users'], response: { 200: ZUserList } } }, async (req) =>
        listUserAccounts(ctx(req)),
      );
  };
}

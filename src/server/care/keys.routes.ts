import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZKey,
  ZKeyInput,
  ZKeyList,
  ZKeyListQuery,
  ZKeyReturnInput,
  ZKeyUseInput,
} from '../../shared/contracts/careKeysMoney';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import { getKey, recordKeyUse, registerKey, returnKey } from './keys.usecases';
import { listKeyTable } from './tables.usecases';

export function keysRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['care'];

    api.get(
      '/api/v1/care/keys',
      { schema: { tags, querystring: ZKeyListQuery, response: { 200: ZKeyList } } },
      async (req) => listKeyTable(ctx(req), req.query),
    );
    api.post(
      '/api/v1/care/keys',
      { schema: { tags, body: ZKeyInput, response: { 200: ZKey } } },
      async (req) => registerKey(ctx(req), req.body),
    );
    api.get(
      '/api/v1/care/keys/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZKey } } },
      async (req) => getKey(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/care/keys/:id/uses',
      { schema: { tags, params: ZIdParam, body: ZKeyUseInput, response: { 200: ZKey } } },
      async (req) => recordKeyUse(ctx(req), req.params.id, req.body),
    );
    api.post(
      '/api/v1/care/keys/:id/return',
      { schema: { tags, params: ZIdParam, body: ZKeyReturnInput, response: { 200: ZKey } } },
      async (req) => returnKey(ctx(req), req.params.id, req.body),
    );
  };
}

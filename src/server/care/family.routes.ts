import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZFamilyContact,
  ZFamilyContactInput,
  ZFamilyContactList,
  ZFamilyContactPatch,
  ZResidentParam,
} from '../../shared/contracts/careKeysMoney';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import { addFamilyContact, familyOf, patchFamilyContact } from './family.usecases';

export function familyRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['care'];

    api.get(
      '/api/v1/care/residents/:id/family',
      { schema: { tags, params: ZResidentParam, response: { 200: ZFamilyContactList } } },
      async (req) => familyOf(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/care/residents/:id/family',
      {
        schema: {
          tags,
          params: ZResidentParam,
          body: ZFamilyContactInput,
          response: { 200: ZFamilyContact },
        },
      },
      async (req) => addFamilyContact(ctx(req), req.params.id, req.body),
    );
    api.patch(
      '/api/v1/care/family/:id',
      { schema: { tags, params: ZIdParam, body: ZFamilyContactPatch, response: { 200: ZFamilyContact } } },
      async (req) => patchFamilyContact(ctx(req), req.params.id, req.body),
    );
  };
}

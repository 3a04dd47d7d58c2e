import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import {
  ZOutreachAddHouseholds,
  ZOutreachBulkResult,
  ZOutreachEntry,
  ZOutreachEntryPage,
  ZOutreachEntryQuery,
  ZOutreachExportQuery,
  ZOutreachList,
  ZOutreachListInput,
  ZOutreachListList,
  ZOutreachListQuery,
  ZOutreachOutcomeInput,
} from '../../shared/contracts/outreach';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import {
  addHouseholds,
  closeOutreachList,
  createOutreachList,
  exportEntries,
  getOutreachList,
  listEntries,
  listOutreachLists,
  recordEntryOutcome,
  removeEntry,
} from './outreach.usecases';
import { OUTREACH_SHEET_WORDS } from './outreach.words';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Outreach lists, 走访名单 (issue 23): planned rounds of door visits and what happened at each door. */
export function outreachRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['outreach'];

    api.get(
      '/api/v1/outreach/lists',
      { schema: { tags, querystring: ZOutreachListQuery, response: { 200: ZOutreachListList } } },
      async (req) => listOutreachLists(ctx(req), req.query.state),
    );
    api.post(
      '/api/v1/outreach/lists',
      {
        schema: {
          tags,
          headers: ZIdempotencyHeaders,
          body: ZOutreachListInput,
          response: { 200: ZOutreachList },
        },
      },
      async (req) => createOutreachList(ctx(req), req.body, req.headers['idempotency-key']),
    );
    api.get(
      '/api/v1/outreach/lists/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZOutreachList } } },
      async (req) => getOutreachList(ctx(req), req.params.id),
    );
    api.get(
      '/api/v1/outreach/lists/:id/entries',
      {
        schema: {
          tags,
          params: ZIdParam,
          querystring: ZOutreachEntryQuery,
          response: { 200: ZOutreachEntryPage },
        },
      },
      async (req) => listEntries(ctx(req), req.params.id, req.query),
    );
    api.get(
      '/api/v1/outreach/lists/:id/export',
      { schema: { tags, params: ZIdParam, produces: [XLSX], querystring: ZOutreachExportQuery } },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await exportEntries({ ...ctx(req), lang }, req.params.id, req.query);
        return reply
          .type(XLSX)
          .header('content-disposition', attachment(OUTREACH_SHEET_WORDS[lang].file))
          .send(body);
      },
    );
    api.post(
      '/api/v1/outreach/lists/:id/households',
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZOutreachAddHouseholds,
          response: { 200: ZOutreachBulkResult },
        },
      },
      async (req) =>
        addHouseholds(
          { ...ctx(req), lang: requestLanguage(req) },
          req.params.id,
          req.body,
          req.headers['idempotency-key'],
        ),
    );
    api.post(
      '/api/v1/outreach/lists/:id/close',
      { schema: { tags, params: ZIdParam, headers: ZIdempotencyHeaders, response: { 200: ZOutreachList } } },
      async (req) => closeOutreachList(ctx(req), req.params.id, req.headers['idempotency-key']),
    );
    api.post(
      '/api/v1/outreach/entries/:id/remove',
      { schema: { tags, params: ZIdParam, headers: ZIdempotencyHeaders, response: { 200: ZOutreachList } } },
      async (req) => removeEntry(ctx(req), req.params.id, req.headers['idempotency-key']),
    );
    api.post(
      '/api/v1/outreach/entries/:id/outcome',
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZOutreachOutcomeInput,
          response: { 200: ZOutreachEntry },
        },
      },
      async (req) => recordEntryOutcome(ctx(req), req.params.id, req.body, req.headers['idempotency-key']),
    );
  };
}

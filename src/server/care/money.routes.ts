import fs from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZLedger,
  ZMoneyAccountInput,
  ZMoneyCorrectionInput,
  ZMoneyEntry,
  ZMoneyEntryInput,
  ZMonthQuery,
  ZReceipt,
  ZReceiptParams,
  ZResidentParam,
  ZStatement,
} from '../../shared/contracts/careKeysMoney';
import { PHOTO_MAX_BYTES } from '../../shared/contracts/publicReports';
import { ZIdParam } from '../../shared/contracts/registry';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { readPhoto } from '../reports/photos.routes';
import { statementHtml, statementPdf } from './money.statement';
import {
  addMoneyEntry,
  addReceipt,
  correctMoneyEntry,
  getLedger,
  monthlyStatement,
  receiptFile,
  setMoneyHandler,
} from './money.usecases';

export function moneyRoutes(deps: { database: Database; clock: Clock; config: Config }) {
  return async (app: FastifyInstance) => {
    await app.register(fastifyMultipart, { limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 5 } });
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = (req: FastifyRequest) => ({
      db: deps.database.db,
      clock: deps.clock,
      actor: requireActor(req),
      dataDir: deps.config.dataDir,
    });
    const tags = ['care'];

    api.get(
      '/api/v1/care/residents/:id/money',
      { schema: { tags, params: ZResidentParam, response: { 200: ZLedger } } },
      async (req) => getLedger(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/care/residents/:id/money',
      { schema: { tags, params: ZResidentParam, body: ZMoneyAccountInput, response: { 200: ZLedger } } },
      async (req) => setMoneyHandler(ctx(req), req.params.id, req.body),
    );
    api.post(
      '/api/v1/care/residents/:id/money/entries',
      { schema: { tags, params: ZResidentParam, body: ZMoneyEntryInput, response: { 200: ZMoneyEntry } } },
      async (req) => addMoneyEntry(ctx(req), req.params.id, req.body),
    );
    api.post(
      '/api/v1/care/money/entries/:id/corrections',
      { schema: { tags, params: ZIdParam, body: ZMoneyCorrectionInput, response: { 200: ZMoneyEntry } } },
      async (req) => correctMoneyEntry(ctx(req), req.params.id, req.body),
    );
    api.post(
      '/api/v1/care/money/entries/:id/receipts',
      { schema: { tags, consumes: ['multipart/form-data'], params: ZIdParam, response: { 200: ZReceipt } } },
      async (req) => addReceipt(ctx(req), req.params.id, () => readPhoto(req)),
    );
    api.get(
      '/api/v1/care/money/entries/:id/receipts/:receiptId',
      { schema: { tags, params: ZReceiptParams, produces: ['image/jpeg', 'image/png', 'image/webp'] } },
      async (req, reply) => {
        const file = await receiptFile(ctx(req), req.params.id, req.params.receiptId);
        return reply
          .type(file.mime)
          .header('content-length', file.bytes)
          .header('cache-control', 'private, no-store')
          .send(fs.createReadStream(file.filePath));
      },
    );
    api.get(
      '/api/v1/care/residents/:id/money/statement',
      { schema: { tags, params: ZResidentParam, querystring: ZMonthQuery, response: { 200: ZStatement } } },
      async (req) => monthlyStatement(ctx(req), req.params.id, req.query.month),
    );
    api.get(
      '/api/v1/care/residents/:id/money/statement.html',
      { schema: { tags, params: ZResidentParam, querystring: ZMonthQuery, produces: ['text/html'] } },
      async (req, reply) => {
        const statement = await monthlyStatement(ctx(req), req.params.id, req.query.month, 'statement.html');
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .send(statementHtml(statement));
      },
    );
    api.get(
      '/api/v1/care/residents/:id/money/statement.pdf',
      { schema: { tags, params: ZResidentParam, querystring: ZMonthQuery, produces: ['application/pdf'] } },
      async (req, reply) => {
        const statement = await monthlyStatement(ctx(req), req.params.id, req.query.month, 'statement.pdf');
        const pdf = await statementPdf(statement);
        return reply
          .type('application/pdf')
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `inline; filename="statement-${req.query.month}.pdf"`)
          .send(pdf);
      },
    );
  };
}

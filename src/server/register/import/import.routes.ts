import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZImportQuery, ZImportReport, ZRegisterExportQuery } from '../../../shared/contracts/import';
import { requireActor } from '../../auth/authenticate';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { AppError } from '../../http/errors';
import { requestLanguage } from '../../http/language';
import {
  exportRegisterAsActor,
  importRegisterAsActor,
  registerTemplate,
  validationReportAsActor,
} from './import.usecases';

/** Far above a district's register (100,000 rows are about 8 MB as .xlsx). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Saves the uploaded `file` to a private temp folder; `work` reads it there; the folder is removed after. */
async function withUpload<T>(req: FastifyRequest, work: (filePath: string) => Promise<T>): Promise<T> {
  if (!req.isMultipart()) throw new AppError('import.file_missing');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'linli-import-'));
  try {
    // A body that only claims to be multipart (no boundary, cut short) is the caller's mistake, not ours.
    const file = await req
      .file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } })
      .catch((error: unknown) => {
        throw error instanceof AppError
          ? error
          : new AppError('request.invalid', { detail: 'multipart/form-data' });
      });
    if (!file) throw new AppError('import.file_missing');
    const target = path.join(dir, 'upload');
    try {
      await pipeline(file.file, fs.createWriteStream(target));
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw new AppError('request.too_large');
      throw error;
    }
    if (file.file.truncated) throw new AppError('request.too_large');
    return await work(target);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

export function importRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } });
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = (req: FastifyRequest) => ({
      db: deps.database.db,
      clock: deps.clock,
      actor: requireActor(req),
    });

    api.get(
      '/api/v1/register/import/template',
      { schema: { tags: ['register import'], produces: [XLSX] } },
      async (req, reply) => {
        requireActor(req);
        const body = await registerTemplate();
        return reply.type(XLSX).header('content-disposition', attachment('居民登记表模板.xlsx')).send(body);
      },
    );

    api.post(
      '/api/v1/register/import',
      {
        schema: {
          tags: ['register import'],
          consumes: ['multipart/form-data'],
          querystring: ZImportQuery,
          response: { 200: ZImportReport },
        },
      },
      async (req) =>
        withUpload(req, (filePath) =>
          importRegisterAsActor(ctx(req), filePath, {
            dryRun: req.query.dryRun !== 'false',
            communityId: req.query.communityId,
            lang: requestLanguage(req),
          }),
        ),
    );

    api.post(
      '/api/v1/register/import/report.xlsx',
      {
        schema: {
          tags: ['register import'],
          consumes: ['multipart/form-data'],
          produces: [XLSX],
          querystring: ZRegisterExportQuery,
        },
      },
      async (req, reply) => {
        const lang = requestLanguage(req);
        const body = await withUpload(req, (filePath) =>
          validationReportAsActor(ctx(req), filePath, { communityId: req.query.communityId, lang }),
        );
        const name = lang === 'en' ? 'import-report.xlsx' : '导入校验报告.xlsx';
        return reply.type(XLSX).header('content-disposition', attachment(name)).send(body);
      },
    );

    api.get(
      '/api/v1/register/export',
      { schema: { tags: ['register import'], produces: [XLSX], querystring: ZRegisterExportQuery } },
      async (req, reply) => {
        const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'linli-export-'));
        const target = path.join(dir, 'register.xlsx');
        try {
          await exportRegisterAsActor(ctx(req), { communityId: req.query.communityId }, target);
        } catch (error) {
          await fs.promises.rm(dir, { recursive: true, force: true });
          throw error;
        }
        const stream = fs.createReadStream(target);
        stream.once('close', () => void fs.promises.rm(dir, { recursive: true, force: true }));
        return reply.type(XLSX).header('content-disposition', attachment('居民登记表.xlsx')).send(stream);
      },
    );
  };
}

import fs from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PHOTO_MAX_BYTES, ZPhoto, ZPhotoParams, ZTokenParam } from '../../shared/contracts/publicReports';
import { ZIdParam } from '../../shared/contracts/registry';
import { requireActor } from '../auth/authenticate';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { AppError } from '../http/errors';
import { requestLanguage } from '../http/language';
import type { FeedBus } from './feed';
import { addPhotoAsResident, addPhotoAsStaff, photoForStaff } from './photos.usecases';
import { reportByToken } from './public.usecases';

const MB = PHOTO_MAX_BYTES / (1024 * 1024);

/**
 * Reads the multipart field `file` into memory, refusing it as soon as it passes the size limit
 * (5 MB photos fit in memory; the type is then checked by content).
 */
export async function readPhoto(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError('reports.photo_missing');
  const file = await req.file({ limits: { fileSize: PHOTO_MAX_BYTES, files: 1 } }).catch((error: unknown) => {
    throw error instanceof AppError
      ? error
      : new AppError('request.invalid', { detail: 'multipart/form-data' });
  });
  if (file?.fieldname !== 'file') throw new AppError('reports.photo_missing');
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('reports.photo_too_large', { mb: MB });
    }
    throw new AppError('request.invalid', { detail: 'multipart/form-data' });
  }
  if (file.file.truncated || bytes.length > PHOTO_MAX_BYTES) {
    throw new AppError('reports.photo_too_large', { mb: MB });
  }
  return bytes;
}

export function photosRoutes(deps: { database: Database; clock: Clock; feed: FeedBus; config: Config }) {
  return async (app: FastifyInstance) => {
    // Parsing stops at the limit; readPhoto turns that into our own message.
    await app.register(fastifyMultipart, {
      limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 5 },
    });
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = (req: FastifyRequest) => ({
      db: deps.database.db,
      clock: deps.clock,
      actor: requireActor(req),
      feed: deps.feed,
      lang: requestLanguage(req),
      dataDir: deps.config.dataDir,
    });
    const tags = ['reports'];

    api.post(
      '/api/v1/reports/:id/photos',
      {
        schema: { tags, consumes: ['multipart/form-data'], params: ZIdParam, response: { 200: ZPhoto } },
      },
      async (req) => addPhotoAsStaff(ctx(req), req.params.id, () => readPhoto(req)),
    );

    api.get(
      '/api/v1/reports/:id/photos/:photoId',
      { schema: { tags, params: ZPhotoParams, produces: ['image/jpeg', 'image/png', 'image/webp'] } },
      async (req, reply) => {
        const photo = await photoForStaff(ctx(req), req.params.id, req.params.photoId);
        return reply
          .type(photo.mime)
          .header('content-length', photo.bytes)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', 'inline')
          .send(fs.createReadStream(photo.filePath));
      },
    );

    api.post(
      '/api/public/reports/:token/photos',
      {
        // No session: the link's secret is the key. A signed-in browser must not be asked for CSRF here.
        config: { skipCsrf: true },
        schema: {
          tags: ['public'],
          consumes: ['multipart/form-data'],
          params: ZTokenParam,
          response: { 200: ZPhoto },
        },
      },
      async (req) => {
        const deps2 = {
          db: deps.database.db,
          clock: deps.clock,
          feed: deps.feed,
          dataDir: deps.config.dataDir,
        };
        const report = await reportByToken(deps2.db, req.params.token);
        return addPhotoAsResident(deps2, report, req.ip, () => readPhoto(req));
      },
    );
  };
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { isOpen } from '../../domain/reports/states';
import { PHOTOS_PER_REPORT, type TPhoto } from '../../shared/contracts/publicReports';
import type { ReportState } from '../../shared/contracts/reports';
import { appendAudit } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import type { Clock } from '../clock';
import type { DB, ReportTable } from '../db/schema';
import { AppError } from '../http/errors';
import type { FeedBus } from './feed';
import { checkImage } from './imageCheck';
import { countPhotos, findPhoto, insertPhoto, lockReport } from './photos.repository';
import { addEvent, findReportInScope } from './reports.repository';
import type { ReportsContext } from './reports.usecases';

export interface PhotoDeps {
  db: Kysely<DB>;
  clock: Clock;
  feed: FeedBus;
  dataDir: string;
}

/** Who added a photo: a signed-in person, or the resident through their link (user and role null). */
export interface Uploader {
  userId: string | null;
  role: string | null;
  ip: string;
}

export function photosDir(dataDir: string, reportId: string): string {
  return path.join(dataDir, 'photos', reportId);
}

/** Written and flushed to disk before the row that names it commits. */
export async function writeDurably(target: string, bytes: Buffer): Promise<void> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const handle = await fs.promises.open(target, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Keeps one photo of a report: checked by content, written under the data folder, then recorded with
 * its timeline entry and audit entry in one transaction. If the transaction fails the file is removed,
 * so no file outlives its row and no row names a missing file.
 */
export async function storePhoto(
  deps: PhotoDeps,
  report: Pick<ReportTable, 'id' | 'community_id'>,
  bytes: Buffer,
  uploader: Uploader,
): Promise<TPhoto> {
  const kind = await checkImage(bytes);
  if ((await countPhotos(deps.db, report.id)) >= PHOTOS_PER_REPORT) {
    throw new AppError('reports.photo_limit', { max: PHOTOS_PER_REPORT });
  }
  const id = randomUUID();
  const fileName = `${id}.${kind.ext}`;
  const target = path.join(photosDir(deps.dataDir, report.id), fileName);
  await writeDurably(target, bytes);
  const now = deps.clock();
  const at = now.toISOString();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await lockReport(trx, report.id);
      if ((await countPhotos(trx, report.id)) >= PHOTOS_PER_REPORT) {
        throw new AppError('reports.photo_limit', { max: PHOTOS_PER_REPORT });
      }
      await insertPhoto(trx, {
        id,
        report_id: report.id,
        file_name: fileName,
        mime: kind.mime,
        bytes: bytes.length,
        created_at: at,
      });
      await addEvent(trx, {
        reportId: report.id,
        at,
        actorUserId: uploader.userId,
        kind: 'photo',
        detail: { photoId: id, mime: kind.mime, bytes: bytes.length, byResident: uploader.userId === null },
      });
      await appendAudit(trx, now, [
        {
          action: 'reports.photo_add',
          outcome: 'success',
          actorUserId: uploader.userId,
          actorRole: uploader.role,
          ip: uploader.ip,
          targetType: 'report',
          targetId: report.id,
          communityId: report.community_id,
          detail: { photoId: id, bytes: bytes.length, mime: kind.mime },
        },
      ]);
    });
  } catch (error) {
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  await deps.feed.publish({ kind: 'updated', reportId: report.id, at });
  return { id, mime: kind.mime, bytes: bytes.length };
}

async function reportOr404(ctx: ReportsContext, id: string) {
  const row = await findReportInScope(ctx.db, ctx.actor.scope, id);
  if (!row) return denyNotFound(ctx, new AppError('reports.not_found'), { type: 'report', id });
  return row;
}

/** Staff who can see the report add a photo to it. */
export async function addPhotoAsStaff(
  ctx: ReportsContext & { dataDir: string },
  reportId: string,
  readUpload: () => Promise<Buffer>,
): Promise<TPhoto> {
  await requirePermission(ctx, 'reports.photos');
  const row = await reportOr404(ctx, reportId);
  if ((await countPhotos(ctx.db, row.id)) >= PHOTOS_PER_REPORT) {
    throw new AppError('reports.photo_limit', { max: PHOTOS_PER_REPORT });
  }
  const bytes = await readUpload();
  return storePhoto(ctx, row, bytes, {
    userId: ctx.actor.user.id,
    role: ctx.actor.user.role,
    ip: ctx.actor.ip,
  });
}

/** The resident adds a photo through their link, while the report is still open. */
export async function addPhotoAsResident(
  deps: PhotoDeps,
  report: ReportTable,
  ip: string,
  readUpload: () => Promise<Buffer>,
): Promise<TPhoto> {
  if (!isOpen(report.state as ReportState)) {
    throw new AppError('reports.wrong_state', { state: report.state, action: 'photo' });
  }
  if ((await countPhotos(deps.db, report.id)) >= PHOTOS_PER_REPORT) {
    throw new AppError('reports.photo_limit', { max: PHOTOS_PER_REPORT });
  }
  const bytes = await readUpload();
  return storePhoto(deps, report, bytes, { userId: null, role: null, ip });
}

/** A photo of a report the caller can see: where it lies and its type. 404 for anything else. */
export async function photoForStaff(
  ctx: ReportsContext & { dataDir: string },
  reportId: string,
  photoId: string,
): Promise<{ filePath: string; mime: string; bytes: number }> {
  await requirePermission(ctx, 'reports.read');
  const row = await reportOr404(ctx, reportId);
  const photo = await findPhoto(ctx.db, row.id, photoId);
  if (!photo) throw new AppError('reports.photo_not_found');
  const filePath = path.join(photosDir(ctx.dataDir, row.id), path.basename(photo.file_name));
  try {
    await fs.promises.access(filePath, fs.constants.R_OK);
  } catch {
    throw new AppError('reports.photo_not_found');
  }
  return { filePath, mime: photo.mime, bytes: photo.bytes };
}

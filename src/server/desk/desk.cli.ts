import fs from 'node:fs';
import path from 'node:path';
import { ROLE_FIELD_CLASSES } from '../../shared/fieldClasses';
import type { Actor } from '../auth/actor';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { AppError } from '../http/errors';
import { openFeedBus } from '../reports/feed';
import { reportTitle } from './desk.routes';
import { monthlyReportsFor } from './desk.usecases';
import { monthlyReportPdf } from './monthlyReport.pdf';
import { monthlyReportXlsx } from './monthlyReport.xlsx';

/**
 * `linli report monthly`: whoever runs the server reads as the subdistrict does, for the one community
 * or every community of the subdistrict named. The file's extension chooses .pdf, .xlsx or .json.
 */
export async function writeMonthlyReport(
  database: Database,
  clock: Clock,
  options: { month: string; community?: string | undefined; subdistrict?: string | undefined; out: string },
): Promise<{ communities: number; file: string }> {
  const { db } = database;
  let query = db.selectFrom('community').select(['id', 'subdistrict_id']);
  if (options.community) query = query.where('id', '=', options.community);
  else if (options.subdistrict) query = query.where('subdistrict_id', '=', options.subdistrict);
  const communities = await query.execute();
  if (communities.length === 0) throw new AppError('desk.community_not_found');
  if (!options.community && !options.subdistrict && communities.length > 1) {
    throw new AppError('desk.community_required', {}, 'communityId');
  }
  const actor: Actor = {
    user: {
      id: 'owner',
      username: 'owner',
      displayName: 'owner',
      role: 'subdistrict',
      communityId: null,
      subdistrictId: communities[0]?.subdistrict_id ?? null,
      disabled: false,
      lockedUntil: null,
    },
    sessionId: 'cli',
    csrfToken: '',
    scope: {
      userId: 'owner',
      role: 'subdistrict',
      communityIds: communities.map((c) => c.id),
      householdIds: null,
      fieldClasses: new Set(ROLE_FIELD_CLASSES.subdistrict),
      positionIds: new Set(),
      chainPositionIds: null,
    },
    scopeVersion: 0,
    ip: 'cli',
  };
  const feed = await openFeedBus(database);
  try {
    const reports = await monthlyReportsFor(
      { db, clock, actor, lang: 'zh-CN', feed },
      { month: options.month, communityId: options.community },
    );
    const file = path.resolve(options.out);
    const ext = path.extname(file).toLowerCase();
    const title = reportTitle(
      options.month,
      reports.map((r) => r.figures.communityName),
    );
    const bytes =
      ext === '.pdf'
        ? await monthlyReportPdf(reports, title)
        : ext === '.xlsx'
          ? await monthlyReportXlsx(reports)
          : Buffer.from(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
    fs.writeFileSync(file, bytes);
    return { communities: reports.length, file };
  } finally {
    await feed.close();
  }
}

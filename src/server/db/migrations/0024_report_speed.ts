import type { Kysely } from 'kysely';

/**
 * Two reads that grew with the whole reports table.
 *
 * A report's feedback and photos are read by report, but `report_feedback.report_id` and
 * `report_photo.report_id` had no index: each lookup scanned the table. The three rates read the feedback
 * of a month's reports, so every community's month cost a scan of all feedback per report — 100 ms a rate
 * with two communities' year of history, most of the subdistrict overview and of the monthly PDF (issue 16).
 *
 * Issue 23's speed goal: a filtered page of the reports table with its total over 500,000 reports. The
 * table's filters other than the words (tier, state, category, urgency, dates, overdue) and its count read
 * every report of the community that matches the leading terms; through the other indexes each of them is
 * a fetch of the whole report row, scattered over the file (a community's reports are one in fifty of the
 * rows). This index holds every column those filters and the count compare, so both are answered from the
 * index alone: at 500,000 reports (10,000 in the community) the count of a tier went from 43 ms to under
 * 1 ms on SQLite and the overdue count from 14 ms to 1.7 ms (docs/BENCHMARKS.md, `report-list`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('report_feedback_report_idx')
    .on('report_feedback')
    .columns(['report_id', 'at'])
    .execute();
  await db.schema.createIndex('report_photo_report_idx').on('report_photo').column('report_id').execute();
  await db.schema
    .createIndex('report_table_cover_idx')
    .on('report')
    .columns([
      'community_id',
      'responsible_tier',
      'state',
      'category',
      'urgency',
      'created_at',
      'feedback_due_at',
      'acknowledged_at',
      'id',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('report_table_cover_idx').execute();
  await db.schema.dropIndex('report_photo_report_idx').execute();
  await db.schema.dropIndex('report_feedback_report_idx').execute();
}

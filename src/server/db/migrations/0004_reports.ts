import { type Kysely, sql } from 'kysely';

/**
 * Reports (诉求) and everything that moves them: the editable catalogues of categories and urgencies,
 * the timeline, the escalation ladder (one row per report and step, so each step lands once), photos,
 * the resident's feedback, and the answers kept for Idempotency-Key replays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_urgency')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('feedback_hours', 'integer', (c) => c.notNull())
    // How long each tier has to acknowledge: `minutes:10` or `working_days:1`.
    .addColumn('ack_window', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_category')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('default_urgency', 'text', (c) => c.notNull().references('report_urgency.code'))
    // The lowest tier of the chain able to handle it; `committee` for what only the office can.
    .addColumn('handler_tier', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.references('household.id'))
    .addColumn('building_id', 'text', (c) => c.references('building.id'))
    .addColumn('entrance_id', 'text', (c) => c.references('entrance.id'))
    .addColumn('category', 'text', (c) => c.notNull().references('report_category.code'))
    .addColumn('urgency', 'text', (c) => c.notNull().references('report_urgency.code'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('recorded_by_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('on_behalf_of_resident_id', 'text', (c) => c.references('resident.id'))
    .addColumn('on_behalf_of_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('responsible_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('responsible_tier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('feedback_due_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('referred_to', 'text')
    .addColumn('resident_guidance', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('report.id'))
    // Milliseconds from saving to the first committee screen receiving it.
    .addColumn('committee_latency_ms', 'integer')
    // The secret in the link the resident answers the two closing questions through.
    .addColumn('feedback_token', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createIndex('report_community_idx')
    .on('report')
    .columns(['community_id', 'created_at'])
    .execute();
  await db.schema.createIndex('report_household_idx').on('report').columns(['household_id']).execute();
  await db.schema
    .createIndex('report_building_idx')
    .on('report')
    .columns(['building_id', 'category', 'created_at'])
    .execute();

  await db.schema
    .createTable('report_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('report_event_report_idx')
    .on('report_event')
    .columns(['report_id', 'at'])
    .execute();

  await db.schema
    .createTable('report_escalation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('outcome', 'text')
    .addUniqueConstraint('report_escalation_step_uq', ['report_id', 'step'])
    .execute();
  await db.schema
    .createIndex('report_escalation_due_idx')
    .on('report_escalation')
    .columns(['done_at', 'due_at'])
    .execute();

  await db.schema
    .createTable('report_photo')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('report.id'))
    .addColumn('solved', 'integer', (c) => c.notNull())
    .addColumn('satisfied', 'integer', (c) => c.notNull())
    // null when the resident answered through their link.
    .addColumn('recorded_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency_record')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Beijing 12345 practice for feedback deadlines; acknowledgement windows from the issue.
  await sql`INSERT INTO report_urgency (code, name_zh, name_en, feedback_hours, ack_window, sort) VALUES
    ('emergency', '危及生命财产', 'Threat to life or property', 2, 'minutes:10', 1),
    ('utilities', '水电气热', 'Water, power, gas, heating', 24, 'minutes:120', 2),
    ('general', '一般', 'General', 168, 'working_days:1', 3),
    ('complex', '复杂', 'Complex', 360, 'working_days:1', 4)`.execute(db);
  await sql`INSERT INTO report_category (code, name_zh, name_en, default_urgency, handler_tier, sort, active) VALUES
    ('repairs', '维修', 'Repairs', 'general', 'building_leader', 1, 1),
    ('sanitation', '环境卫生', 'Sanitation', 'general', 'building_leader', 2, 1),
    ('neighbour_dispute', '邻里纠纷', 'Neighbour dispute', 'general', 'party_member', 3, 1),
    ('welfare_policy', '福利政策咨询', 'Welfare or policy question', 'general', 'committee', 4, 1),
    ('elderly_care', '养老照护', 'Elderly care', 'general', 'party_member', 5, 1),
    ('safety_hazard', '安全隐患', 'Safety hazard', 'utilities', 'group_leader', 6, 1),
    ('health_emergency', '突发疾病', 'Health emergency', 'emergency', 'building_leader', 7, 1),
    ('other', '其他', 'Other', 'general', 'party_member', 8, 1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'idempotency_record',
    'report_feedback',
    'report_photo',
    'report_escalation',
    'report_event',
    'report',
    'report_category',
    'report_urgency',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

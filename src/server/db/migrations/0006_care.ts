import type { Kysely } from 'kysely';

/**
 * Care for those who cannot come: care plans per resident, visits with what was done and seen, the
 * policies explained at the door, follow-ups, declared major events and the visits they make due, and
 * the daily check-in with its missed check-in ladder (one row per check-in and step, so each step
 * lands once) and the tasks the ladder hands out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('care_plan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('responsible_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('stand_in_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('risk', 'text', (c) => c.notNull())
    .addColumn('visit_every_days', 'integer', (c) => c.notNull())
    // Daily check-in, opt-in: all null when the resident has none.
    .addColumn('checkin_time', 'text')
    .addColumn('checkin_ways', 'text')
    .addColumn('checkin_grace_minutes', 'integer')
    .addColumn('checkin_consent_date', 'text')
    .addColumn('checkin_consent_form', 'text')
    .addColumn('checkin_consent_witness', 'text')
    // The next check-in expected, and when its grace period ends: the sweep's index.
    .addColumn('next_checkin_due_at', 'text')
    .addColumn('next_checkin_miss_at', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('care_plan_household_idx').on('care_plan').columns(['household_id']).execute();
  await db.schema
    .createIndex('care_plan_community_idx')
    .on('care_plan')
    .columns(['community_id', 'ended_at'])
    .execute();
  await db.schema
    .createIndex('care_plan_checkin_idx')
    .on('care_plan')
    .columns(['next_checkin_miss_at'])
    .execute();

  await db.schema
    .createTable('care_visit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('care_plan.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('visited_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    .addColumn('visitor_position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('visitor_tier', 'text')
    .addColumn('how', 'text', (c) => c.notNull())
    .addColumn('activities', 'text', (c) => c.notNull())
    .addColumn('health_worse', 'integer', (c) => c.notNull())
    .addColumn('health_detail', 'text')
    .addColumn('needs_something', 'integer', (c) => c.notNull())
    .addColumn('needs_detail', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('care_visit_plan_idx')
    .on('care_visit')
    .columns(['plan_id', 'visited_at'])
    .execute();

  await db.schema
    .createTable('care_visit_policy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visit_id', 'text', (c) => c.notNull().references('care_visit.id'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('forms', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('said_back', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('care_visit_policy_visit_idx')
    .on('care_visit_policy')
    .columns(['visit_id'])
    .execute();

  await db.schema
    .createTable('care_followup')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visit_id', 'text', (c) => c.notNull().references('care_visit.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('care_plan.id'))
    // 1: the text is health information.
    .addColumn('health', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.references('report.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Order within the visit, as entered.
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('care_followup_visit_idx').on('care_followup').columns(['visit_id']).execute();

  await db.schema
    .createTable('care_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('building_id', 'text', (c) => c.references('building.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addColumn('declared_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('visits_due_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('care_event_community_idx')
    .on('care_event')
    .columns(['community_id', 'declared_at'])
    .execute();

  await db.schema
    .createTable('care_event_visit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('care_event.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('care_plan.id'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text', (c) => c.references('care_visit.id'))
    .addColumn('visited_at', 'text')
    .addUniqueConstraint('care_event_visit_uq', ['event_id', 'plan_id'])
    .execute();
  await db.schema
    .createIndex('care_event_visit_plan_idx')
    .on('care_event_visit')
    .columns(['plan_id', 'visit_id'])
    .execute();

  await db.schema
    .createTable('checkin')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('care_plan.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    // The local day the check-in belongs to, its due time and the end of its grace period.
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('grace_until', 'text', (c) => c.notNull())
    // done | missed | escalated | resolved
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('way', 'text')
    .addColumn('recorded_at', 'text')
    .addColumn('recorded_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('note', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_at', 'text')
    .addColumn('outcome_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('ladder_step', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('checkin_plan_date_uq', ['plan_id', 'date'])
    .execute();
  await db.schema
    .createIndex('checkin_community_idx')
    .on('checkin')
    .columns(['community_id', 'date'])
    .execute();

  await db.schema
    .createTable('checkin_ladder')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkin_id', 'text', (c) => c.notNull().references('checkin.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    // sent | stopped
    .addColumn('outcome', 'text')
    // JSON arrays of the positions told, and of the key holders told (names), when the step was sent.
    .addColumn('notified', 'text')
    .addColumn('key_holders', 'text')
    .addUniqueConstraint('checkin_ladder_step_uq', ['checkin_id', 'step'])
    .execute();
  await db.schema
    .createIndex('checkin_ladder_due_idx')
    .on('checkin_ladder')
    .columns(['done_at', 'due_at'])
    .execute();

  await db.schema
    .createTable('care_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('checkin_id', 'text', (c) => c.notNull().references('checkin.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('care_plan.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    // reminder | escalation | door_visit
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema
    .createIndex('care_task_position_idx')
    .on('care_task')
    .columns(['position_id', 'done_at'])
    .execute();
  await db.schema.createIndex('care_task_checkin_idx').on('care_task').columns(['checkin_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'care_task',
    'checkin_ladder',
    'checkin',
    'care_event_visit',
    'care_event',
    'care_followup',
    'care_visit_policy',
    'care_visit',
    'care_plan',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

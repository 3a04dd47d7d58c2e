import type { Kysely } from 'kysely';
import { dropRefusal, refuseChanges } from '../appendOnly';

/**
 * Issue 20. Welfare reads the register: a worker's choice of source for a fact that disagrees is kept
 * with its reason, and each decision keeps where every fact it used came from. Emergency aid asked above
 * a role's limit waits as a request until someone whose limit covers it grants it; the committee's desk
 * lists what it must be told. Services recur: a series generates its sessions, books its enrolled
 * residents and signs up its volunteers; one session can be moved or cancelled with a reason.
 * Overrides, requests and desk notes are append-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('welfare_fact_override')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('fact', 'text', (c) => c.notNull())
    // typed | register
    .addColumn('use', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('welfare_fact_override_household_idx')
    .on('welfare_fact_override')
    .columns(['household_id', 'recorded_at'])
    .execute();
  // JSON: each fact used, its value, source and the day it was read; null on decisions made before.
  await db.schema.alterTable('welfare_decision').addColumn('fact_origins', 'text').execute();

  await db.schema
    .createTable('welfare_grant_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('decision_id', 'text', (c) => c.references('welfare_decision.id'))
    .addColumn('hardship', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('requested_by_role', 'text', (c) => c.notNull())
    // The role whose limit covers the amount: who must grant it.
    .addColumn('waits_for_role', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .execute();
  // The request a grant answers; at most one grant per request.
  await db.schema.alterTable('welfare_emergency_grant').addColumn('request_id', 'text').execute();
  await db.schema
    .createIndex('welfare_emergency_grant_request_uq')
    .on('welfare_emergency_grant')
    .column('request_id')
    .unique()
    .execute();

  await db.schema
    .createTable('committee_desk_note')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    // emergency_grant | grant_request
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('grant_id', 'text', (c) => c.references('welfare_emergency_grant.id'))
    .addColumn('request_id', 'text', (c) => c.references('welfare_grant_request.id'))
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('by_role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('committee_desk_note_community_idx')
    .on('committee_desk_note')
    .columns(['community_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('service_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('service_kind.id'))
    // weekly (weekday 1–7, Monday first) | monthly (day of month 1–28)
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer')
    .addColumn('month_day', 'integer')
    // Beijing wall-clock time, HH:MM, and how long each session lasts.
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.references('building.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('volunteers_needed', 'integer', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('weeks_ahead', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('organiser_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('service_series_enrolment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.notNull().references('service_series.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('home_visit', 'integer', (c) => c.notNull())
    .addColumn('enrolled_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_series_enrolment_uq', ['series_id', 'resident_id'])
    .execute();
  await db.schema
    .createTable('service_series_signup')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.notNull().references('service_series.id'))
    .addColumn('volunteer_id', 'text', (c) => c.notNull().references('service_volunteer.id'))
    .addColumn('signed_up_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('signed_up_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_series_signup_uq', ['series_id', 'volunteer_id'])
    .execute();
  // A session of a series remembers the day the rule gave it, so generating again never repeats one.
  await db.schema.alterTable('service_session').addColumn('series_id', 'text').execute();
  await db.schema.alterTable('service_session').addColumn('series_day', 'text').execute();
  await db.schema.alterTable('service_session').addColumn('moved_from', 'text').execute();
  await db.schema.alterTable('service_session').addColumn('change_reason', 'text').execute();
  await db.schema.alterTable('service_session').addColumn('cancelled_at', 'text').execute();
  await db.schema
    .createIndex('service_session_series_day_uq')
    .on('service_session')
    .columns(['series_id', 'series_day'])
    .unique()
    .execute();

  for (const table of APPEND_ONLY) await refuseChanges(db, table);
}

const APPEND_ONLY = ['welfare_fact_override', 'welfare_grant_request', 'committee_desk_note'] as const;

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('service_session_series_day_uq').execute();
  for (const column of ['cancelled_at', 'change_reason', 'moved_from', 'series_day', 'series_id'])
    await db.schema.alterTable('service_session').dropColumn(column).execute();
  await db.schema.dropTable('service_series_signup').execute();
  await db.schema.dropTable('service_series_enrolment').execute();
  await db.schema.dropTable('service_series').execute();
  await db.schema.dropTable('committee_desk_note').execute();
  await db.schema.dropIndex('welfare_emergency_grant_request_uq').execute();
  await db.schema.alterTable('welfare_emergency_grant').dropColumn('request_id').execute();
  await db.schema.dropTable('welfare_grant_request').execute();
  await db.schema.alterTable('welfare_decision').dropColumn('fact_origins').execute();
  await db.schema.dropIndex('welfare_fact_override_household_idx').execute();
  await db.schema.dropTable('welfare_fact_override').execute();
  for (const table of APPEND_ONLY) await dropRefusal(db, table);
}

import { type Kysely, sql } from 'kysely';
import { dropRefusal, refuseChanges } from '../appendOnly';

/**
 * The volunteer service station (issue 7): the catalogue with dated market values, sessions with
 * bookings and volunteers, the volunteers' hours ledger, blood-pressure readings under consent, and
 * group purchases with their orders, deliveries and money collected. Values, hours and readings are
 * append-only: a correction is a new row naming the one it corrects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_kind')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // visit (次) | person_visit (人次) | hour (小时)
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_kind_code_uq', ['community_id', 'code'])
    .execute();

  await db.schema
    .createTable('service_value')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('service_kind.id'))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('value_fen', 'integer', (c) => c.notNull())
    .addColumn('set_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_value_service_idx')
    .on('service_value')
    .columns(['service_id', 'valid_from'])
    .execute();

  await db.schema
    .createTable('service_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('service_kind.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    // station | home (then building_id says where)
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.references('building.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    // Kept beside capacity so one conditional UPDATE can take a place without overbooking.
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('volunteers_needed', 'integer', (c) => c.notNull())
    .addColumn('organiser_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('note', 'text')
    .addColumn('qr_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Covers what the value summary reads of each session, so a month is one index range.
  await db.schema
    .createIndex('service_session_when_idx')
    .on('service_session')
    .columns(['community_id', 'starts_at', 'service_id', 'ends_at', 'id'])
    .execute();

  await db.schema
    .createTable('service_booking')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('service_session.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    // The household's building, kept on the booking so the value by building is read from one index.
    .addColumn('building_id', 'text', (c) => c.notNull().references('building.id'))
    .addColumn('home_visit', 'integer', (c) => c.notNull())
    .addColumn('booked_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('booked_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_by_user_id', 'text', (c) => c.references('user_account.id'))
    // null until attendance is taken; 1 served (a service delivered), 0 not served.
    .addColumn('served', 'integer')
    .addColumn('served_recorded_by_user_id', 'text', (c) => c.references('user_account.id'))
    .execute();
  await db.schema
    .createIndex('service_booking_session_idx')
    .on('service_booking')
    .columns(['session_id', 'served', 'building_id'])
    .execute();
  await db.schema
    .createIndex('service_booking_once_uq')
    .on('service_booking')
    .columns(['session_id', 'resident_id'])
    .unique()
    .where(sql.ref('cancelled_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('service_volunteer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('user_id', 'text', (c) => c.unique().references('user_account.id'))
    .addColumn('resident_id', 'text', (c) => c.references('resident.id'))
    .addColumn('created_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_volunteer_community_idx')
    .on('service_volunteer')
    .columns(['community_id', 'name'])
    .execute();

  await db.schema
    .createTable('service_signup')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('service_session.id'))
    .addColumn('volunteer_id', 'text', (c) => c.notNull().references('service_volunteer.id'))
    .addColumn('signed_up_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('signed_up_at', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_out_at', 'text')
    .addColumn('no_show_at', 'text')
    .addUniqueConstraint('service_signup_once_uq', ['session_id', 'volunteer_id'])
    .execute();
  await db.schema
    .createIndex('service_signup_worked_idx')
    .on('service_signup')
    .columns(['session_id', 'checked_in_at', 'volunteer_id'])
    .execute();
  await db.schema
    .createIndex('service_signup_volunteer_idx')
    .on('service_signup')
    .columns(['volunteer_id'])
    .execute();

  await db.schema
    .createTable('service_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('volunteer_id', 'text', (c) => c.notNull().references('service_volunteer.id'))
    .addColumn('session_id', 'text', (c) => c.references('service_session.id'))
    .addColumn('worked_on', 'text', (c) => c.notNull())
    // Signed: a correction carries the difference it makes.
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('corrects_id', 'text', (c) => c.references('service_hours.id'))
    .addColumn('reason', 'text')
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_hours_session_idx')
    .on('service_hours')
    .columns(['session_id'])
    .execute();
  await db.schema
    .createIndex('service_hours_volunteer_idx')
    .on('service_hours')
    .columns(['volunteer_id', 'worked_on'])
    .execute();

  // The value summary's roll-up, rewritten for a session whenever its attendance, a check-in or its
  // service's value changes, so a month's summary reads a few thousand pre-valued rows instead of every
  // booking and sign-up. Keyed by session so a rewrite is a plain replace, exact by construction.
  await db.schema
    .createTable('service_delivered')
    .addColumn('session_id', 'text', (c) => c.notNull().references('service_session.id'))
    .addColumn('building_id', 'text', (c) => c.notNull().references('building.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    // The session's day in Beijing.
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull().references('service_kind.id'))
    .addColumn('delivered', 'integer', (c) => c.notNull())
    .addColumn('fen', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_delivered_pk', ['session_id', 'building_id'])
    .execute();
  await db.schema
    .createIndex('service_delivered_day_idx')
    .on('service_delivered')
    .columns(['community_id', 'day', 'service_id', 'building_id', 'delivered', 'fen'])
    .execute();
  await db.schema
    .createTable('service_credit')
    .addColumn('session_id', 'text', (c) => c.notNull().references('service_session.id'))
    .addColumn('volunteer_id', 'text', (c) => c.notNull().references('service_volunteer.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('fen', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_credit_pk', ['session_id', 'volunteer_id'])
    .execute();
  await db.schema
    .createIndex('service_credit_day_idx')
    .on('service_credit')
    .columns(['community_id', 'day', 'volunteer_id', 'fen'])
    .execute();

  await db.schema
    .createTable('service_consent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('consent_date', 'text', (c) => c.notNull())
    .addColumn('consent_witness', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_on', 'text')
    .addColumn('withdrawn_by_user_id', 'text', (c) => c.references('user_account.id'))
    .execute();
  await db.schema
    .createIndex('service_consent_in_force_uq')
    .on('service_consent')
    .columns(['resident_id'])
    .unique()
    .where(sql.ref('withdrawn_on'), 'is', null)
    .execute();

  await db.schema
    .createTable('service_reading')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('service_session.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('consent_id', 'text', (c) => c.notNull().references('service_consent.id'))
    .addColumn('systolic', 'integer', (c) => c.notNull())
    .addColumn('diastolic', 'integer', (c) => c.notNull())
    .addColumn('pulse', 'integer')
    .addColumn('flagged', 'integer', (c) => c.notNull())
    // The care plan's follow-up a flagged reading became; null when the resident has no care plan.
    .addColumn('care_followup_id', 'text', (c) => c.references('care_followup.id'))
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .execute();
  await db.schema
    .createIndex('service_reading_resident_idx')
    .on('service_reading')
    .columns(['resident_id', 'taken_at'])
    .execute();
  await db.schema
    .createIndex('service_reading_session_idx')
    .on('service_reading')
    .columns(['session_id'])
    .execute();

  await db.schema
    .createTable('purchase_round')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('purchase_round_community_idx')
    .on('purchase_round')
    .columns(['community_id', 'closes_on'])
    .execute();

  await db.schema
    .createTable('purchase_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('purchase_round.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('market_fen', 'integer', (c) => c.notNull())
    .addColumn('group_fen', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('purchase_item_round_idx').on('purchase_item').columns(['round_id']).execute();

  await db.schema
    .createTable('purchase_order')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('purchase_round.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('placed_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('received_by', 'text')
    .addColumn('delivered_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('collected_fen', 'integer')
    .addColumn('collection_note', 'text')
    .addColumn('collected_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('collected_at', 'text')
    .addUniqueConstraint('purchase_order_household_uq', ['round_id', 'household_id'])
    .execute();

  await db.schema
    .createTable('purchase_order_line')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('purchase_order.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('purchase_item.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('purchase_order_line_order_idx')
    .on('purchase_order_line')
    .columns(['order_id'])
    .execute();

  // The value summary's roll-up of savings, rewritten for a round whenever an order is placed.
  await db.schema
    .createTable('purchase_saving')
    .addColumn('round_id', 'text', (c) => c.notNull().references('purchase_round.id'))
    .addColumn('building_id', 'text', (c) => c.notNull().references('building.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('fen', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('purchase_saving_pk', ['round_id', 'building_id'])
    .execute();
  await db.schema
    .createIndex('purchase_saving_day_idx')
    .on('purchase_saving')
    .columns(['community_id', 'closes_on', 'building_id', 'fen'])
    .execute();

  for (const table of APPEND_ONLY) await refuseChanges(db, table);
}

const APPEND_ONLY = ['service_value', 'service_hours', 'service_reading'] as const;

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'purchase_saving',
    'purchase_order_line',
    'purchase_order',
    'purchase_item',
    'purchase_round',
    'service_reading',
    'service_consent',
    'service_hours',
    'service_credit',
    'service_delivered',
    'service_signup',
    'service_volunteer',
    'service_booking',
    'service_session',
    'service_value',
    'service_kind',
  ]) {
    await db.schema.dropTable(table).execute();
    if ((APPEND_ONLY as readonly string[]).includes(table)) await dropRefusal(db, table);
  }
}

import type { Kysely } from 'kysely';

/**
 * The building leader's round (issue 19): newspaper subscriptions, the items that arrive at the gate,
 * one row per door called at, the piling-up signals and the "去看看" tasks they give. Who a letter is
 * from and what it says have no column: only its kind and the household it is for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('round_subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('paper', 'text', (c) => c.notNull())
    // ISO weekdays as digits, Monday 1 … Sunday 7: `12345` is Monday to Friday.
    .addColumn('weekdays', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.references('user_account.id'))
    .execute();
  await db.schema
    .createIndex('round_subscription_household_idx')
    .on('round_subscription')
    .columns(['household_id'])
    .execute();

  // The days whose papers the subscriptions have made: the first sweep of a day makes them, once.
  await db.schema
    .createTable('round_day')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();

  // Per household: after how many days of papers not taken the round raises a signal (null: the default).
  await db.schema
    .createTable('round_household')
    .addColumn('household_id', 'text', (c) => c.primaryKey().references('household.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('pile_days', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'text', (c) => c.references('user_account.id'))
    .execute();

  await db.schema
    .createTable('round_door')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('position_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    // When the phone noted it, and its China Standard Time day.
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    // handed | left | nobody_home | refused
    .addColumn('outcome', 'text', (c) => c.notNull())
    // Whether what was left last time was still there (null: nothing was left, or not asked).
    .addColumn('left_still_there', 'integer')
    // fine | needs_help | something_wrong (null: not asked)
    .addColumn('answer', 'text')
    // visit | followup | report: what the answer became; the words said live in that record only.
    .addColumn('became', 'text')
    .addColumn('visit_id', 'text', (c) => c.references('care_visit.id'))
    .addColumn('report_id', 'text', (c) => c.references('report.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('round_door_household_idx')
    .on('round_door')
    .columns(['household_id', 'at'])
    .execute();
  await db.schema
    .createIndex('round_door_date_idx')
    .on('round_door')
    .columns(['community_id', 'date'])
    .execute();

  await db.schema
    .createTable('round_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    // newspaper | letter | registered | parcel | notice
    .addColumn('kind', 'text', (c) => c.notNull())
    // The paper's name for newspapers; nothing for the rest.
    .addColumn('paper', 'text')
    .addColumn('subscription_id', 'text', (c) => c.references('round_subscription.id'))
    // The day it arrived (for a subscription: the day it is for).
    .addColumn('date', 'text', (c) => c.notNull())
    // waiting | handed | left | refused
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('logged_at', 'text', (c) => c.notNull())
    .addColumn('logged_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('door_id', 'text', (c) => c.references('round_door.id'))
    .addColumn('settled_at', 'text')
    // For what was left: when it was known to be taken in; or when it was seen still there.
    .addColumn('taken_at', 'text')
    .addColumn('still_there_at', 'text')
    .addUniqueConstraint('round_item_subscription_uq', ['subscription_id', 'date'])
    .execute();
  await db.schema
    .createIndex('round_item_household_idx')
    .on('round_item')
    .columns(['household_id', 'state'])
    .execute();
  // The sweep reads what was left and not taken, oldest first: a small share of all items.
  await db.schema
    .createIndex('round_item_left_idx')
    .on('round_item')
    .columns(['state', 'taken_at', 'date'])
    .execute();

  await db.schema
    .createTable('round_signal')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('resident_id', 'text', (c) => c.references('resident.id'))
    // still_there | not_taken
    .addColumn('reason', 'text', (c) => c.notNull())
    // The oldest paper not taken, and the days it has waited when raised.
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('pile_days', 'integer', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    // Set while open: unique, so a household has one open signal however many servers sweep.
    .addColumn('open_household_id', 'text', (c) => c.unique())
    .addColumn('checkin_id', 'text', (c) => c.references('checkin.id'))
    .addColumn('escalated_at', 'text')
    .addColumn('closed_at', 'text')
    // taken | handed
    .addColumn('closed_reason', 'text')
    .execute();
  await db.schema
    .createIndex('round_signal_raised_idx')
    .on('round_signal')
    .columns(['community_id', 'raised_at'])
    .execute();

  await db.schema
    .createTable('round_task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('signal_id', 'text', (c) => c.notNull().references('round_signal.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('position_id', 'text', (c) => c.notNull().references('liaison_position.id'))
    // 1: the building leader; 2: the one above, after a day.
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addUniqueConstraint('round_task_step_uq', ['signal_id', 'step', 'position_id'])
    .execute();
  await db.schema
    .createIndex('round_task_position_idx')
    .on('round_task')
    .columns(['position_id', 'done_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'round_task',
    'round_signal',
    'round_item',
    'round_door',
    'round_household',
    'round_day',
    'round_subscription',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

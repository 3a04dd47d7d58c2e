import type { Kysely } from 'kysely';
import { dropRefusal, refuseChanges } from '../appendOnly';

/**
 * Welfare (issue 6): the facts a household's welfare depends on (kept as dated records, never
 * overwritten), the policy versions decisions were made under, parameter changes with a second
 * person's approval, every decision with what it rested on, applications with their public notice
 * and objections, the roster of who receives what, and emergency aid grants.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Each save of a household's facts is a new record: the latest is current, the earlier ones say
  // what a past decision saw. Finance facts and health facts are kept apart because different roles see them.
  await db.schema
    .createTable('welfare_facts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('finance_facts', 'text', (c) => c.notNull())
    .addColumn('health_facts', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('welfare_facts_household_idx')
    .on('welfare_facts')
    .columns(['household_id', 'recorded_at'])
    .execute();

  // The content of every policy version a decision was made under, so the decision can be reproduced
  // after the policy file has changed.
  await db.schema
    .createTable('welfare_policy_version')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('welfare_parameter_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('parameter', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // proposed | approved | rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('welfare_parameter_change_policy_idx')
    .on('welfare_parameter_change')
    .columns(['community_id', 'policy_id', 'status'])
    .execute();

  await db.schema
    .createTable('welfare_decision')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addColumn('policy_hash', 'text', (c) => c.notNull().references('welfare_policy_version.hash'))
    .addColumn('decided_for', 'text', (c) => c.notNull())
    // eligible | not_eligible | needs_evidence
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer')
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('facts_id', 'text', (c) => c.references('welfare_facts.id'))
    .addColumn('facts_used', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('missing_facts', 'text', (c) => c.notNull())
    // The hardship a worker marked when the evaluation failed (illness | accident | disaster), if any.
    .addColumn('hardship', 'text')
    .addColumn('created_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('welfare_decision_household_idx')
    .on('welfare_decision')
    .columns(['household_id', 'policy_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('welfare_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('objection_contact', 'text', (c) => c.notNull())
    .addColumn('published_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('welfare_notice_community_idx')
    .on('welfare_notice')
    .columns(['community_id', 'ends_on'])
    .execute();

  await db.schema
    .createTable('welfare_application')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('applicant_resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    // filed | reviewed | on_notice | approved | rejected | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('welfare_decision.id'))
    .addColumn('note', 'text')
    .addColumn('filed_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .addColumn('notice_id', 'text', (c) => c.references('welfare_notice.id'))
    .addColumn('closed_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('closed_at', 'text')
    .addColumn('close_note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('welfare_application_community_idx')
    .on('welfare_application')
    .columns(['community_id', 'status'])
    .execute();

  await db.schema
    .createTable('welfare_objection')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('notice_id', 'text', (c) => c.notNull().references('welfare_notice.id'))
    .addColumn('application_id', 'text', (c) => c.references('welfare_application.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    // desk | phone | letter | public_page
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text')
    .addColumn('from_phone', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('upheld', 'integer')
    .addColumn('answered_by_user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('answered_at', 'text')
    .addColumn('recorded_by_user_id', 'text', (c) => c.references('user_account.id'))
    .execute();
  await db.schema
    .createIndex('welfare_objection_notice_idx')
    .on('welfare_objection')
    .columns(['notice_id'])
    .execute();

  // Who receives what: a row per grant of a policy to a household, ended rather than deleted.
  await db.schema
    .createTable('welfare_roster')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('application_id', 'text', (c) => c.references('welfare_application.id'))
    .addColumn('amount_fen', 'integer')
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('review_due_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('welfare_roster_household_idx')
    .on('welfare_roster')
    .columns(['household_id', 'policy_id'])
    .execute();
  await db.schema
    .createIndex('welfare_roster_community_idx')
    .on('welfare_roster')
    .columns(['community_id', 'policy_id', 'ended_on'])
    .execute();

  // Emergency aid: an append-only ledger of grants; completing the papers is a new entry naming the grant.
  await db.schema
    .createTable('welfare_emergency_grant')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('decision_id', 'text', (c) => c.references('welfare_decision.id'))
    .addColumn('hardship', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('fast_path', 'integer', (c) => c.notNull())
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('papers_due_on', 'text')
    .addColumn('granted_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('welfare_grant_papers')
    .addColumn('grant_id', 'text', (c) => c.primaryKey().references('welfare_emergency_grant.id'))
    .addColumn('completed_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by_user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('welfare_emergency_grant_community_idx')
    .on('welfare_emergency_grant')
    .columns(['community_id', 'paid_on'])
    .execute();

  for (const table of APPEND_ONLY) await refuseChanges(db, table);
}

const APPEND_ONLY = [
  'welfare_facts',
  'welfare_policy_version',
  'welfare_decision',
  'welfare_emergency_grant',
  'welfare_grant_papers',
] as const;

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'welfare_grant_papers',
    'welfare_emergency_grant',
    'welfare_roster',
    'welfare_objection',
    'welfare_application',
    'welfare_notice',
    'welfare_decision',
    'welfare_parameter_change',
    'welfare_policy_version',
    'welfare_facts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  for (const table of APPEND_ONLY) await dropRefusal(db, table);
}

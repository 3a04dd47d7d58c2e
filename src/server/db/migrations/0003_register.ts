import type { Kysely } from 'kysely';

/**
 * Search keys for the register (pinyin of names, the last four digits of phones), the history of every
 * change to households and residents, and the history of who reported to whom in the liaison chain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('resident').addColumn('name_pinyin', 'text').execute();
  await db.schema.alterTable('resident').addColumn('name_initials', 'text').execute();
  await db.schema.alterTable('resident').addColumn('phone_tail', 'text').execute();
  await db.schema.createIndex('resident_name_idx').on('resident').columns(['community_id', 'name']).execute();
  await db.schema
    .createIndex('resident_initials_idx')
    .on('resident')
    .columns(['community_id', 'name_initials'])
    .execute();
  await db.schema
    .createIndex('resident_pinyin_idx')
    .on('resident')
    .columns(['community_id', 'name_pinyin'])
    .execute();
  await db.schema
    .createIndex('resident_phone_tail_idx')
    .on('resident')
    .columns(['community_id', 'phone_tail'])
    .execute();
  await db.schema
    .createIndex('household_building_idx')
    .on('household')
    .columns(['building_id', 'floor'])
    .execute();

  await db.schema
    .createTable('register_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('resident_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    // [{field, from, to}]; values of identity fields are never copied here, only that they changed.
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('register_change_household_idx')
    .on('register_change')
    .columns(['household_id', 'at'])
    .execute();
  await db.schema
    .createIndex('register_change_resident_idx')
    .on('register_change')
    .columns(['resident_id', 'at'])
    .execute();

  await db.schema
    .createTable('liaison_parent_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position_id', 'text', (c) => c.notNull().references('liaison_position.id'))
    .addColumn('parent_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .execute();
  await db.schema
    .createIndex('liaison_parent_history_position_idx')
    .on('liaison_parent_history')
    .columns(['position_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('liaison_parent_history').execute();
  await db.schema.dropTable('register_change').execute();
  await db.schema.dropIndex('household_building_idx').execute();
  await db.schema.dropIndex('resident_phone_tail_idx').execute();
  await db.schema.dropIndex('resident_pinyin_idx').execute();
  await db.schema.dropIndex('resident_initials_idx').execute();
  await db.schema.dropIndex('resident_name_idx').execute();
  await db.schema.alterTable('resident').dropColumn('phone_tail').execute();
  await db.schema.alterTable('resident').dropColumn('name_initials').execute();
  await db.schema.alterTable('resident').dropColumn('name_pinyin').execute();
}

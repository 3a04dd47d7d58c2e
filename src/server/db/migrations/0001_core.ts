import type { Kysely } from 'kysely';

// Text ids (UUIDs made by the app) and ISO text timestamps keep one migration valid on SQLite and PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('subdistrict')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('community')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subdistrict_id', 'text', (c) => c.notNull().references('subdistrict.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('building')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('floors', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('building_community_number_uq', ['community_id', 'number'])
    .execute();

  await db.schema
    .createTable('entrance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('building_id', 'text', (c) => c.notNull().references('building.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('entrance_building_number_uq', ['building_id', 'number'])
    .execute();

  await db.schema
    .createTable('household')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('building_id', 'text', (c) => c.notNull().references('building.id'))
    .addColumn('entrance_id', 'text', (c) => c.notNull().references('entrance.id'))
    .addColumn('floor', 'integer', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('moved_out_at', 'text')
    .execute();
  await db.schema.createIndex('household_community_idx').on('household').columns(['community_id']).execute();
  await db.schema
    .createIndex('household_entrance_idx')
    .on('household')
    .columns(['entrance_id', 'room'])
    .execute();

  await db.schema
    .createTable('resident')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('id_number', 'text')
    .addColumn('phone', 'text')
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('preferred_language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('moved_out_at', 'text')
    .execute();
  await db.schema.createIndex('resident_household_idx').on('resident').columns(['household_id']).execute();
  await db.schema.createIndex('resident_community_idx').on('resident').columns(['community_id']).execute();
  await db.schema
    .createIndex('resident_id_number_uq')
    .on('resident')
    .columns(['id_number'])
    .unique()
    .execute();

  await db.schema
    .createTable('resident_care_tag')
    .addColumn('resident_id', 'text', (c) => c.notNull().references('resident.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resident_care_tag_pk', ['resident_id', 'tag'])
    .execute();
  await db.schema.createIndex('resident_care_tag_tag_idx').on('resident_care_tag').columns(['tag']).execute();

  await db.schema
    .createTable('user_account')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.references('community.id'))
    .addColumn('subdistrict_id', 'text', (c) => c.references('subdistrict.id'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('liaison_position')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('community.id'))
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('user_id', 'text', (c) => c.references('user_account.id'))
    .addColumn('parent_id', 'text', (c) => c.references('liaison_position.id'))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .execute();
  await db.schema
    .createIndex('liaison_position_community_idx')
    .on('liaison_position')
    .columns(['community_id'])
    .execute();
  await db.schema
    .createIndex('liaison_position_user_idx')
    .on('liaison_position')
    .columns(['user_id'])
    .execute();
  await db.schema
    .createIndex('liaison_position_parent_idx')
    .on('liaison_position')
    .columns(['parent_id'])
    .execute();

  await db.schema
    .createTable('household_assignment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('household.id'))
    .addColumn('position_id', 'text', (c) => c.notNull().references('liaison_position.id'))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .execute();
  await db.schema
    .createIndex('household_assignment_household_idx')
    .on('household_assignment')
    .columns(['household_id'])
    .execute();
  await db.schema
    .createIndex('household_assignment_position_idx')
    .on('household_assignment')
    .columns(['position_id'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').columns(['user_id']).execute();

  await db.schema
    .createTable('login_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempt_username_idx')
    .on('login_attempt')
    .columns(['username', 'at'])
    .execute();
  await db.schema.createIndex('login_attempt_ip_idx').on('login_attempt').columns(['ip', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'login_attempt',
    'session',
    'household_assignment',
    'liaison_position',
    'user_account',
    'resident_care_tag',
    'resident',
    'household',
    'entrance',
    'building',
    'community',
    'subdistrict',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

import type { Migration } from 'kysely';
import * as m0001 from './0001_core';
import * as m0002 from './0002_audit';
import * as m0003 from './0003_register';
import * as m0004 from './0004_reports';
import * as m0005 from './0005_public_reports';
import * as m0006 from './0006_care';
import * as m0007 from './0007_keys_money';
import * as m0008 from './0008_welfare';
import * as m0009 from './0009_service';
import * as m0010 from './0010_scope_version';
import * as m0011 from './0011_resident_index';
import * as m0012 from './0012_desk';
import * as m0013 from './0013_welfare_register_series';
import * as m0014 from './0014_round';
import * as m0015 from './0015_audit_checkpoints';
import * as m0017 from './0017_report_table';
import * as m0018 from './0018_user_preference';
import * as m0019 from './0019_round_speed';
import * as m0022 from './0022_push';
import * as m0023 from './0023_outreach';
import * as m0024 from './0024_report_speed';
import * as m0025 from './0025_door_notices';
import * as m0026 from './0026_register_list_keys';
import * as m0027 from './0027_leader_trigger_plan';
import * as m0028 from './0028_open_past_deadline';

/** Numbered, append-only: add new migrations at the end, never edit one that has landed. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_audit': m0002,
  '0003_register': m0003,
  '0004_reports': m0004,
  '0005_public_reports': m0005,
  '0006_care': m0006,
  '0007_keys_money': m0007,
  '0008_welfare': m0008,
  '0009_service': m0009,
  '0010_scope_version': m0010,
  '0011_resident_index': m0011,
  '0012_desk': m0012,
  '0013_welfare_register_series': m0013,
  '0014_round': m0014,
  '0015_audit_checkpoints': m0015,
  '0017_report_table': m0017,
  '0018_user_preference': m0018,
  '0019_round_speed': m0019,
  '0022_push': m0022,
  '0023_outreach': m0023,
  '0024_report_speed': m0024,
  '0025_door_notices': m0025,
  '0026_register_list_keys': m0026,
  '0027_leader_trigger_plan': m0027,
  '0028_open_past_deadline': m0028,
};

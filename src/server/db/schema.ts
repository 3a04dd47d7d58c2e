/** Row types of every table, as Kysely sees them. Timestamps are ISO-8601 text; dates `YYYY-MM-DD`. */
export interface SubdistrictTable {
  id: string;
  name: string;
  district: string;
  created_at: string;
}

export interface CommunityTable {
  id: string;
  subdistrict_id: string;
  name: string;
  created_at: string;
}

export interface BuildingTable {
  id: string;
  community_id: string;
  number: string;
  name: string | null;
  floors: number;
  created_at: string;
}

export interface EntranceTable {
  id: string;
  building_id: string;
  number: string;
  created_at: string;
}

export interface HouseholdTable {
  id: string;
  community_id: string;
  building_id: string;
  entrance_id: string;
  floor: number;
  room: string;
  created_at: string;
  moved_out_at: string | null;
}

export interface ResidentTable {
  id: string;
  community_id: string;
  household_id: string;
  name: string;
  gender: 'male' | 'female';
  birth_date: string | null;
  id_number: string | null;
  phone: string | null;
  relation: string;
  preferred_language: string;
  created_at: string;
  updated_at: string;
  moved_out_at: string | null;
  name_pinyin: string | null;
  name_initials: string | null;
  phone_tail: string | null;
}

export interface ResidentCareTagTable {
  resident_id: string;
  tag: string;
}

export interface UserAccountTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  community_id: string | null;
  subdistrict_id: string | null;
  disabled: number;
  locked_until: string | null;
  created_at: string;
}

export interface LiaisonPositionTable {
  id: string;
  community_id: string;
  tier: string;
  person_name: string;
  phone: string | null;
  user_id: string | null;
  parent_id: string | null;
  valid_from: string;
  valid_to: string | null;
}

export interface HouseholdAssignmentTable {
  id: string;
  household_id: string;
  position_id: string;
  valid_from: string;
  valid_to: string | null;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface LoginAttemptTable {
  id: string;
  username: string;
  ip: string;
  at: string;
  succeeded: number;
}

export interface AuditEventTable {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  community_id: string | null;
  resident_id: string | null;
  field_class: string | null;
  purpose: string | null;
  outcome: string;
  ip: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface RegisterChangeTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  community_id: string;
  household_id: string | null;
  resident_id: string | null;
  action: string;
  changes: string;
}

export interface LiaisonParentHistoryTable {
  id: string;
  position_id: string;
  parent_id: string | null;
  valid_from: string;
  valid_to: string | null;
}

export interface DB {
  subdistrict: SubdistrictTable;
  community: CommunityTable;
  building: BuildingTable;
  entrance: EntranceTable;
  household: HouseholdTable;
  resident: ResidentTable;
  resident_care_tag: ResidentCareTagTable;
  user_account: UserAccountTable;
  liaison_position: LiaisonPositionTable;
  household_assignment: HouseholdAssignmentTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  register_change: RegisterChangeTable;
  liaison_parent_history: LiaisonParentHistoryTable;
}

import type { Generated } from 'kysely';

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
  /** Kept by triggers (migration 0026): the address as one text that sorts as building, entrance, floor, room. */
  address_key: Generated<string | null>;
  /** Kept by triggers (0026): 1 when a building leader serves the household on every day from `has_leader_from`. */
  has_leader: Generated<number>;
  has_leader_from: Generated<string>;
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

export interface UserPreferenceTable {
  user_id: string;
  elder_mode: number;
  text_step: number;
  elder_offered: number;
  updated_at: string;
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

/** One row: moved by triggers whenever what scopes are made of changes (migration 0010). */
export interface ScopeVersionTable {
  id: number;
  version: number;
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

export interface PushSubscriptionTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: string;
}

export interface PushPreferenceTable {
  user_id: string;
  emergency_report: number;
  report_assigned: number;
  ladder_step: number;
  updated_at: string;
}

export interface AuditCheckpointTable {
  id: string;
  seq: number;
  hash: string;
  at: string;
  key_id: string;
  signature: string;
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

export interface ReportUrgencyTable {
  code: string;
  name_zh: string;
  name_en: string;
  feedback_hours: number;
  ack_window: string;
  sort: number;
}

export interface ReportCategoryTable {
  code: string;
  name_zh: string;
  name_en: string;
  default_urgency: string;
  handler_tier: string;
  sort: number;
  active: number;
}

export interface ReportTable {
  id: string;
  community_id: string;
  household_id: string | null;
  building_id: string | null;
  entrance_id: string | null;
  category: string;
  urgency: string;
  description: string;
  state: string;
  source: string;
  recorded_by_user_id: string | null;
  recorded_by_position_id: string | null;
  on_behalf_of_resident_id: string | null;
  on_behalf_of_name: string | null;
  reporter_phone: string | null;
  responsible_position_id: string | null;
  responsible_tier: string;
  created_at: string;
  feedback_due_at: string;
  acknowledged_at: string | null;
  closed_at: string | null;
  referred_to: string | null;
  resident_guidance: string | null;
  merged_into: string | null;
  committee_latency_ms: number | null;
  feedback_token: string;
}

export interface ReportEventTable {
  id: string;
  report_id: string;
  at: string;
  actor_user_id: string | null;
  kind: string;
  detail: string | null;
}

export interface ReportEscalationTable {
  id: string;
  report_id: string;
  step: number;
  tier: string;
  position_id: string | null;
  due_at: string;
  done_at: string | null;
  outcome: string | null;
}

export interface ReportPhotoTable {
  id: string;
  report_id: string;
  file_name: string;
  mime: string;
  bytes: number;
  created_at: string;
}

export interface ReportFeedbackTable {
  id: string;
  report_id: string;
  solved: number;
  satisfied: number;
  recorded_by_user_id: string | null;
  at: string;
}

export interface IdempotencyRecordTable {
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

export interface PublicIntakeAttemptTable {
  id: string;
  kind: 'phone' | 'ip';
  subject_hash: string;
  at: string;
}

export interface CarePlanTable {
  id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  responsible_position_id: string | null;
  stand_in_position_id: string | null;
  risk: string;
  visit_every_days: number;
  checkin_time: string | null;
  /** JSON array of check-in ways. */
  checkin_ways: string | null;
  checkin_grace_minutes: number | null;
  checkin_consent_date: string | null;
  checkin_consent_form: string | null;
  checkin_consent_witness: string | null;
  next_checkin_due_at: string | null;
  next_checkin_miss_at: string | null;
  note: string | null;
  created_at: string;
  created_by_user_id: string | null;
  updated_at: string;
  ended_at: string | null;
}

export interface CareVisitTable {
  id: string;
  plan_id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  visited_at: string;
  recorded_at: string;
  recorded_by_user_id: string | null;
  visitor_name: string;
  visitor_position_id: string | null;
  visitor_tier: string | null;
  how: string;
  /** JSON array of activities. */
  activities: string;
  health_worse: number;
  health_detail: string | null;
  needs_something: number;
  needs_detail: string | null;
  note: string | null;
}

export interface CareVisitPolicyTable {
  id: string;
  visit_id: string;
  policy: string;
  /** JSON array of forms. */
  forms: string;
  language: string | null;
  said_back: string;
}

export interface CareFollowupTable {
  id: string;
  visit_id: string;
  plan_id: string;
  health: number;
  text: string;
  report_id: string | null;
  created_at: string;
  sort: number;
}

export interface CareEventTable {
  id: string;
  community_id: string;
  building_id: string | null;
  kind: string;
  note: string | null;
  declared_at: string;
  declared_by_user_id: string | null;
  visits_due_at: string;
}

export interface CareEventVisitTable {
  id: string;
  event_id: string;
  plan_id: string;
  due_at: string;
  visit_id: string | null;
  visited_at: string | null;
}

export interface CheckinTable {
  id: string;
  plan_id: string;
  community_id: string;
  household_id: string;
  date: string;
  due_at: string;
  grace_until: string;
  state: string;
  way: string | null;
  recorded_at: string | null;
  recorded_by_user_id: string | null;
  note: string | null;
  outcome: string | null;
  outcome_note: string | null;
  outcome_at: string | null;
  outcome_by_user_id: string | null;
  ladder_step: number;
  created_at: string;
}

export interface CheckinLadderTable {
  id: string;
  checkin_id: string;
  step: number;
  due_at: string;
  done_at: string | null;
  outcome: string | null;
  notified: string | null;
  key_holders: string | null;
}

export interface CareTaskTable {
  id: string;
  community_id: string;
  checkin_id: string;
  plan_id: string;
  step: number;
  kind: string;
  position_id: string | null;
  created_at: string;
  done_at: string | null;
}

export interface CareKeyTable {
  id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  label: string;
  holder_position_id: string | null;
  holder_name: string | null;
  holder_phone: string | null;
  held_since: string;
  consent_date: string;
  consent_form: 'written' | 'verbal';
  consent_witness: string | null;
  note: string | null;
  returned_on: string | null;
  returned_to: string | null;
  return_note: string | null;
  returned_by_user_id: string | null;
  created_by_user_id: string | null;
  created_at: string;
}

/** Append-only: the database refuses UPDATE and DELETE. */
export interface CareKeyUseTable {
  id: string;
  key_id: string;
  used_at: string;
  reason: string;
  present: string;
  recorded_by_user_id: string;
  recorded_at: string;
}

export interface CareMoneyAccountTable {
  id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  handler_position_id: string | null;
  handler_name: string | null;
  handler_phone: string | null;
  note: string | null;
  opened_by_user_id: string | null;
  opened_at: string;
  updated_at: string;
}

/** Append-only: the database refuses UPDATE and DELETE. Amounts in fen, signed. */
export interface CareMoneyEntryTable {
  id: string;
  account_id: string;
  resident_id: string;
  number: number;
  kind: 'received' | 'spent' | 'correction';
  amount_fen: number;
  occurred_on: string;
  counterparty: string | null;
  purpose: string;
  corrects_entry_id: string | null;
  errand_id: string | null;
  recorded_by_user_id: string;
  recorded_at: string;
}

/** Append-only: the database refuses UPDATE and DELETE. */
export interface CareMoneyReceiptTable {
  id: string;
  entry_id: string;
  file_name: string;
  mime: string;
  bytes: number;
  created_by_user_id: string;
  created_at: string;
}

export interface CareErrandTable {
  id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  kind: string;
  title: string;
  schedule_kind: 'monthly' | 'every_days' | 'every_weeks';
  schedule_n: number;
  starts_on: string;
  doer_position_id: string | null;
  doer_name: string | null;
  doer_phone: string | null;
  expected_fen: number | null;
  counterparty: string | null;
  note: string | null;
  created_by_user_id: string | null;
  created_at: string;
  ended_at: string | null;
}

export interface CareErrandDoneTable {
  id: string;
  errand_id: string;
  due_on: string;
  done_at: string;
  done_by_user_id: string;
  note: string | null;
  money_entry_id: string | null;
  created_at: string;
}

export interface CareFamilyContactTable {
  id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  name: string;
  relation: string;
  phone: string | null;
  consent_to_be_told: number;
  consent_date: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  removed_at: string | null;
}

export interface WelfareFactsTable {
  id: string;
  community_id: string;
  household_id: string;
  /** JSON: the finance facts (members, incomes, assets, vehicles, homes, hukou). */
  finance_facts: string;
  /** JSON: the health facts (disability, illness). */
  health_facts: string;
  note: string | null;
  recorded_by_user_id: string;
  recorded_at: string;
}

export interface WelfarePolicyVersionTable {
  hash: string;
  policy_id: string;
  version: number;
  content: string;
  first_seen_at: string;
}

export interface WelfareParameterChangeTable {
  id: string;
  community_id: string;
  policy_id: string;
  parameter: string;
  effective_from: string;
  value: number;
  reason: string;
  status: 'proposed' | 'approved' | 'rejected';
  proposed_by_user_id: string;
  proposed_at: string;
  decided_by_user_id: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface WelfareDecisionTable {
  id: string;
  community_id: string;
  household_id: string;
  policy_id: string;
  policy_version: number;
  policy_hash: string;
  decided_for: string;
  outcome: 'eligible' | 'not_eligible' | 'needs_evidence';
  amount_fen: number | null;
  parameters: string;
  facts_id: string | null;
  facts_used: string;
  conditions: string;
  missing_facts: string;
  hardship: string | null;
  created_by_user_id: string;
  created_at: string;
  fact_origins: string | null;
}

export interface WelfareNoticeTable {
  id: string;
  community_id: string;
  policy_id: string;
  title: string;
  starts_on: string;
  ends_on: string;
  objection_contact: string;
  published_by_user_id: string;
  published_at: string;
}

export interface WelfareApplicationTable {
  id: string;
  community_id: string;
  household_id: string;
  applicant_resident_id: string;
  policy_id: string;
  status: 'filed' | 'reviewed' | 'on_notice' | 'approved' | 'rejected' | 'withdrawn';
  documents: string;
  decision_id: string;
  note: string | null;
  filed_by_user_id: string;
  filed_at: string;
  reviewed_by_user_id: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  notice_id: string | null;
  closed_by_user_id: string | null;
  closed_at: string | null;
  close_note: string | null;
  updated_at: string;
}

export interface WelfareObjectionTable {
  id: string;
  community_id: string;
  notice_id: string;
  application_id: string | null;
  received_at: string;
  channel: 'desk' | 'phone' | 'letter' | 'public_page';
  from_name: string | null;
  from_phone: string | null;
  text: string;
  answer: string | null;
  upheld: number | null;
  answered_by_user_id: string | null;
  answered_at: string | null;
  recorded_by_user_id: string | null;
}

export interface WelfareRosterTable {
  id: string;
  community_id: string;
  household_id: string;
  policy_id: string;
  application_id: string | null;
  amount_fen: number | null;
  starts_on: string;
  review_due_on: string;
  ended_on: string | null;
  end_reason: string | null;
  created_at: string;
}

export interface WelfareEmergencyGrantTable {
  id: string;
  community_id: string;
  household_id: string;
  decision_id: string | null;
  hardship: 'illness' | 'accident' | 'disaster';
  amount_fen: number;
  reason: string;
  fast_path: number;
  paid_on: string;
  papers_due_on: string | null;
  granted_by_user_id: string;
  created_at: string;
  request_id: string | null;
}

export interface WelfareGrantPapersTable {
  grant_id: string;
  completed_on: string;
  note: string | null;
  recorded_by_user_id: string;
  recorded_at: string;
}

export interface ServiceKindTable {
  id: string;
  community_id: string;
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  created_at: string;
}

export interface ServiceValueTable {
  id: string;
  service_id: string;
  valid_from: string;
  value_fen: number;
  set_by_user_id: string | null;
  set_at: string;
}

export interface ServiceSessionTable {
  id: string;
  community_id: string;
  service_id: string;
  starts_at: string;
  ends_at: string;
  place: string;
  building_id: string | null;
  capacity: number;
  booked: number;
  volunteers_needed: number;
  organiser_user_id: string;
  note: string | null;
  qr_secret: string;
  created_at: string;
  series_id: string | null;
  series_day: string | null;
  moved_from: string | null;
  change_reason: string | null;
  cancelled_at: string | null;
}

/** The value summary's roll-up: what one session delivered to the households of one building. */
export interface ServiceDeliveredTable {
  session_id: string;
  building_id: string;
  community_id: string;
  day: string;
  service_id: string;
  delivered: number;
  fen: number;
}

/** The value summary's roll-up: the whole value of a session, credited to each volunteer who checked in. */
export interface ServiceCreditTable {
  session_id: string;
  volunteer_id: string;
  community_id: string;
  day: string;
  fen: number;
}

export interface ServiceBookingTable {
  id: string;
  session_id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  building_id: string;
  home_visit: number;
  booked_by_user_id: string;
  booked_at: string;
  cancelled_at: string | null;
  cancelled_by_user_id: string | null;
  served: number | null;
  served_recorded_by_user_id: string | null;
}

export interface ServiceVolunteerTable {
  id: string;
  community_id: string;
  name: string;
  phone: string | null;
  user_id: string | null;
  resident_id: string | null;
  created_by_user_id: string | null;
  created_at: string;
}

export interface ServiceSignupTable {
  id: string;
  session_id: string;
  volunteer_id: string;
  signed_up_by_user_id: string;
  signed_up_at: string;
  checked_in_at: string | null;
  checked_out_at: string | null;
  no_show_at: string | null;
}

export interface ServiceHoursTable {
  id: string;
  community_id: string;
  volunteer_id: string;
  session_id: string | null;
  worked_on: string;
  minutes: number;
  corrects_id: string | null;
  reason: string | null;
  recorded_by_user_id: string;
  recorded_at: string;
}

export interface ServiceConsentTable {
  id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  consent_date: string;
  consent_witness: string;
  recorded_by_user_id: string;
  recorded_at: string;
  withdrawn_on: string | null;
  withdrawn_by_user_id: string | null;
}

export interface ServiceReadingTable {
  id: string;
  session_id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  consent_id: string;
  systolic: number;
  diastolic: number;
  pulse: number | null;
  flagged: number;
  care_followup_id: string | null;
  taken_at: string;
  recorded_by_user_id: string;
}

export interface PurchaseRoundTable {
  id: string;
  community_id: string;
  title: string;
  supplier: string;
  closes_on: string;
  created_by_user_id: string;
  created_at: string;
}

export interface PurchaseItemTable {
  id: string;
  round_id: string;
  name: string;
  unit: string;
  market_fen: number;
  group_fen: number;
  sort: number;
}

export interface PurchaseOrderTable {
  id: string;
  round_id: string;
  community_id: string;
  household_id: string;
  placed_by_user_id: string;
  placed_at: string;
  delivered_at: string | null;
  received_by: string | null;
  delivered_by_user_id: string | null;
  collected_fen: number | null;
  collection_note: string | null;
  collected_by_user_id: string | null;
  collected_at: string | null;
}

/** The value summary's roll-up: a round's savings on the orders of one building's households. */
export interface PurchaseSavingTable {
  round_id: string;
  building_id: string;
  community_id: string;
  closes_on: string;
  fen: number;
}

export interface PurchaseOrderLineTable {
  id: string;
  order_id: string;
  item_id: string;
  quantity: number;
}

export interface WelfareFactOverrideTable {
  id: string;
  community_id: string;
  household_id: string;
  fact: string;
  use: 'typed' | 'register';
  reason: string;
  recorded_by_user_id: string;
  recorded_at: string;
}

export interface WelfareGrantRequestTable {
  id: string;
  community_id: string;
  household_id: string;
  decision_id: string | null;
  hardship: 'illness' | 'accident' | 'disaster';
  amount_fen: number;
  reason: string;
  requested_by_user_id: string;
  requested_by_role: string;
  waits_for_role: string;
  requested_at: string;
}

export interface CommitteeDeskNoteTable {
  id: string;
  community_id: string;
  kind: 'emergency_grant' | 'grant_request';
  household_id: string;
  grant_id: string | null;
  request_id: string | null;
  amount_fen: number;
  by_user_id: string;
  by_role: string;
  created_at: string;
}

export interface ServiceSeriesTable {
  id: string;
  community_id: string;
  service_id: string;
  rule: 'weekly' | 'monthly';
  weekday: number | null;
  month_day: number | null;
  start_time: string;
  minutes: number;
  place: string;
  building_id: string | null;
  capacity: number;
  volunteers_needed: number;
  starts_on: string;
  ends_on: string | null;
  weeks_ahead: number;
  note: string | null;
  organiser_user_id: string;
  created_at: string;
}

export interface ServiceSeriesEnrolmentTable {
  id: string;
  series_id: string;
  community_id: string;
  household_id: string;
  resident_id: string;
  home_visit: number;
  enrolled_by_user_id: string;
  enrolled_at: string;
}

export interface ServiceSeriesSignupTable {
  id: string;
  series_id: string;
  volunteer_id: string;
  signed_up_by_user_id: string;
  signed_up_at: string;
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
  user_preference: UserPreferenceTable;
  liaison_position: LiaisonPositionTable;
  household_assignment: HouseholdAssignmentTable;
  session: SessionTable;
  scope_version: ScopeVersionTable;
  login_attempt: LoginAttemptTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  audit_checkpoint: AuditCheckpointTable;
  push_subscription: PushSubscriptionTable;
  push_preference: PushPreferenceTable;
  register_change: RegisterChangeTable;
  liaison_parent_history: LiaisonParentHistoryTable;
  report_urgency: ReportUrgencyTable;
  report_category: ReportCategoryTable;
  report: ReportTable;
  report_event: ReportEventTable;
  report_escalation: ReportEscalationTable;
  report_photo: ReportPhotoTable;
  report_feedback: ReportFeedbackTable;
  idempotency_record: IdempotencyRecordTable;
  public_intake_attempt: PublicIntakeAttemptTable;
  care_plan: CarePlanTable;
  care_visit: CareVisitTable;
  care_visit_policy: CareVisitPolicyTable;
  care_followup: CareFollowupTable;
  care_event: CareEventTable;
  care_event_visit: CareEventVisitTable;
  checkin: CheckinTable;
  checkin_ladder: CheckinLadderTable;
  care_task: CareTaskTable;
  care_key: CareKeyTable;
  care_key_use: CareKeyUseTable;
  care_money_account: CareMoneyAccountTable;
  care_money_entry: CareMoneyEntryTable;
  care_money_receipt: CareMoneyReceiptTable;
  care_errand: CareErrandTable;
  care_errand_done: CareErrandDoneTable;
  care_family_contact: CareFamilyContactTable;
  welfare_facts: WelfareFactsTable;
  welfare_policy_version: WelfarePolicyVersionTable;
  welfare_parameter_change: WelfareParameterChangeTable;
  welfare_decision: WelfareDecisionTable;
  welfare_notice: WelfareNoticeTable;
  welfare_application: WelfareApplicationTable;
  welfare_objection: WelfareObjectionTable;
  welfare_roster: WelfareRosterTable;
  welfare_emergency_grant: WelfareEmergencyGrantTable;
  welfare_grant_papers: WelfareGrantPapersTable;
  service_kind: ServiceKindTable;
  service_value: ServiceValueTable;
  service_session: ServiceSessionTable;
  service_booking: ServiceBookingTable;
  service_delivered: ServiceDeliveredTable;
  service_credit: ServiceCreditTable;
  service_volunteer: ServiceVolunteerTable;
  service_signup: ServiceSignupTable;
  service_hours: ServiceHoursTable;
  service_consent: ServiceConsentTable;
  service_reading: ServiceReadingTable;
  purchase_round: PurchaseRoundTable;
  purchase_item: PurchaseItemTable;
  purchase_order: PurchaseOrderTable;
  purchase_order_line: PurchaseOrderLineTable;
  purchase_saving: PurchaseSavingTable;
  round_subscription: RoundSubscriptionTable;
  round_day: RoundDayTable;
  round_household: RoundHouseholdTable;
  round_door: RoundDoorTable;
  round_item: RoundItemTable;
  round_signal: RoundSignalTable;
  round_task: RoundTaskTable;
  desk_month_close: DeskMonthCloseTable;
  welfare_fact_override: WelfareFactOverrideTable;
  welfare_grant_request: WelfareGrantRequestTable;
  committee_desk_note: CommitteeDeskNoteTable;
  service_series: ServiceSeriesTable;
  service_series_enrolment: ServiceSeriesEnrolmentTable;
  service_series_signup: ServiceSeriesSignupTable;
  outreach_list: OutreachListTable;
  outreach_entry: OutreachEntryTable;
  door_notice: DoorNoticeTable;
  door_notice_household: DoorNoticeHouseholdTable;
}

// ---------------------------------------------------------------- the building leader's round (0014)

export interface RoundSubscriptionTable {
  id: string;
  community_id: string;
  household_id: string;
  paper: string;
  weekdays: string;
  starts_on: string;
  ended_on: string | null;
  created_at: string;
  created_by_user_id: string | null;
}

export interface RoundDayTable {
  date: string;
  made_at: string;
}

export interface RoundHouseholdTable {
  household_id: string;
  community_id: string;
  pile_days: number | null;
  updated_at: string;
  updated_by_user_id: string | null;
}

export interface RoundDoorTable {
  id: string;
  community_id: string;
  household_id: string;
  position_id: string | null;
  user_id: string;
  at: string;
  date: string;
  outcome: string;
  left_still_there: number | null;
  answer: string | null;
  became: string | null;
  visit_id: string | null;
  report_id: string | null;
  recorded_at: string;
}

export interface RoundItemTable {
  id: string;
  community_id: string;
  household_id: string;
  kind: string;
  paper: string | null;
  subscription_id: string | null;
  date: string;
  state: string;
  logged_at: string;
  logged_by_user_id: string | null;
  door_id: string | null;
  settled_at: string | null;
  taken_at: string | null;
  still_there_at: string | null;
}

export interface RoundSignalTable {
  id: string;
  community_id: string;
  household_id: string;
  resident_id: string | null;
  reason: string;
  since: string;
  days: number;
  pile_days: number;
  raised_at: string;
  open_household_id: string | null;
  checkin_id: string | null;
  escalated_at: string | null;
  closed_at: string | null;
  closed_reason: string | null;
}

export interface RoundTaskTable {
  id: string;
  community_id: string;
  signal_id: string;
  household_id: string;
  position_id: string;
  step: number;
  created_at: string;
  done_at: string | null;
}

/** A closed month's figures (migration 0012): JSON text and its SHA-256, written once. */
export interface DeskMonthCloseTable {
  id: string;
  community_id: string;
  month: string;
  figures: string;
  hash: string;
  closed_at: string;
  closed_by_user_id: string | null;
}

// ---------------------------------------------------------------- outreach lists, 走访名单 (0023)

export interface OutreachListTable {
  id: string;
  community_id: string;
  title: string;
  purpose: string | null;
  due_on: string | null;
  created_by: string;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface OutreachEntryTable {
  id: string;
  list_id: string;
  household_id: string;
  added_by: string;
  added_at: string;
  /** pending (还没去), reached (见到了), not_home (没人在家), declined (不需要). */
  outcome: string;
  note: string | null;
  recorded_by: string | null;
  recorded_at: string | null;
}

// ---------------------------------------------------------------- door notices (0025)

export interface DoorNoticeTable {
  id: string;
  message: string;
  notice_date: string;
  phone: string;
  created_at: string;
  created_by_user_id: string;
}

export interface DoorNoticeHouseholdTable {
  notice_id: string;
  household_id: string;
  community_id: string;
}

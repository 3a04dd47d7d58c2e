import type { FieldClass } from '../../shared/fieldClasses';

/**
 * The one place that says which columns hold personal information and of which class.
 * `secret` columns never leave the server at all. A test fails when a column whose name looks
 * sensitive is missing here, so a new migration cannot slip one past the presenters.
 */
export type ColumnClass = FieldClass | 'secret';

export const COLUMN_CLASSES: Record<string, ColumnClass> = {
  'resident.name': 'contact',
  'resident.phone': 'contact',
  'resident.birth_date': 'contact',
  'resident.preferred_language': 'contact',
  'resident.id_number': 'identity',
  'resident.name_pinyin': 'contact',
  'resident.name_initials': 'contact',
  'resident.phone_tail': 'contact',
  'resident_care_tag.tag': 'care',
  'liaison_position.person_name': 'contact',
  'liaison_position.phone': 'contact',
  'report.reporter_phone': 'contact',
  'report.on_behalf_of_name': 'contact',
  'report.feedback_token': 'secret',
  'user_account.password_hash': 'secret',
  'session.id': 'secret',
  'session.csrf_token': 'secret',
  'public_intake_attempt.subject_hash': 'secret',
  // Door keys: only the holder, workers and the committee (0007_keys_money).
  'care_key.label': 'keys',
  'care_key.holder_position_id': 'keys',
  'care_key.holder_name': 'keys',
  'care_key.holder_phone': 'keys',
  'care_key.held_since': 'keys',
  'care_key.consent_witness': 'keys',
  'care_key.returned_to': 'keys',
  'care_key_use.key_id': 'keys',
  'care_key_use.reason': 'keys',
  'care_key_use.present': 'keys',
  // Money handled on a resident's behalf: only the handler, workers and the committee.
  'care_money_account.handler_name': 'finance',
  'care_money_account.handler_phone': 'finance',
  'care_money_entry.amount_fen': 'finance',
  'care_money_entry.counterparty': 'finance',
  'care_money_entry.purpose': 'finance',
  'care_errand.expected_fen': 'finance',
  'care_errand.counterparty': 'finance',
  'care_errand.doer_name': 'finance',
  'care_errand.doer_phone': 'finance',
  'care_family_contact.name': 'contact',
  'care_family_contact.phone': 'contact',
  'care_plan.checkin_consent_witness': 'contact',
  'care_visit.health_worse': 'health',
  'care_visit.health_detail': 'health',
  'care_followup.health': 'health',
  'checkin_ladder.key_holders': 'keys',
  // Welfare (0008_welfare): incomes, assets and decisions are finance; disability and illness health.
  'welfare_facts.finance_facts': 'finance',
  'welfare_facts.health_facts': 'health',
  'welfare_decision.facts_used': 'finance',
  'welfare_decision.conditions': 'finance',
  'welfare_decision.amount_fen': 'finance',
  'welfare_decision.hardship': 'finance',
  'welfare_roster.amount_fen': 'finance',
  'welfare_emergency_grant.amount_fen': 'finance',
  'welfare_emergency_grant.reason': 'finance',
  'welfare_objection.from_name': 'contact',
  'welfare_objection.from_phone': 'contact',
  // The service station (0009_service): readings are health; volunteers' and recipients' names contact.
  'service_session.qr_secret': 'secret',
  'service_volunteer.name': 'contact',
  'service_volunteer.phone': 'contact',
  'service_consent.consent_witness': 'contact',
  'service_reading.systolic': 'health',
  'service_reading.diastolic': 'health',
  'service_reading.pulse': 'health',
  'service_reading.flagged': 'health',
  'purchase_order.received_by': 'contact',
};

/** Column names that look like personal or secret data and must therefore be classified above. */
export const SENSITIVE_NAME_PATTERN =
  /income|salary|asset|deposit|securit|vehicle|health|blood|illness|diagnos|disab|ethnic|id_number|key|password|token|csrf|phone|birth|religio|politic/i;

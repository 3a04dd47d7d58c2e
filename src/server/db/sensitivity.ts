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
};

/** Column names that look like personal or secret data and must therefore be classified above. */
export const SENSITIVE_NAME_PATTERN =
  /income|salary|asset|deposit|securit|vehicle|health|blood|illness|diagnos|disab|ethnic|id_number|key|password|token|csrf|phone|birth|religio|politic/i;

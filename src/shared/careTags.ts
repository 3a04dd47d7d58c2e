/** Care needs a resident may have; they tell a visitor how to help, never how to judge. */
export const CARE_TAGS = [
  'lives_alone',
  'elderly_alone',
  'hard_of_hearing',
  'low_vision',
  'wheelchair',
  'cannot_read',
  'bedridden',
  'dementia',
] as const;
export type CareTag = (typeof CARE_TAGS)[number];

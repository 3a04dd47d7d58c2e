/**
 * Blood pressure: at or above 140 systolic or 90 diastolic (mmHg) is high and becomes a follow-up on
 * the resident's care plan (the threshold of the Chinese hypertension guideline).
 */
export const HIGH_SYSTOLIC = 140;
export const HIGH_DIASTOLIC = 90;

export function isHighReading(systolic: number, diastolic: number): boolean {
  return systolic >= HIGH_SYSTOLIC || diastolic >= HIGH_DIASTOLIC;
}

/**
 * Resident ID numbers (公民身份号码) per GB 11643-1999: 17 digits and a check digit.
 * Shared so that the web form and the server reject the same numbers.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'id_format' | 'id_checksum';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Upper-cases a trailing x so the same person is not stored twice. */
export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

export function checkIdNumber(id: string): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'id_format';
  const birth = birthDateFromId(id);
  if (birth === null) return 'id_format';
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'id_checksum';
}

/** Digits 7–14 are the birth date; null when they are not a real date. */
export function birthDateFromId(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** The 17th digit is odd for men. */
export function genderFromId(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

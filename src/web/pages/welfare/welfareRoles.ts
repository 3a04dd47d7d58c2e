import type { Role } from '../../../shared/roles';

/** Recording facts, evaluating, filing and publishing (mirrors `welfare.write`; the server decides). */
export function canWriteWelfare(role: Role): boolean {
  return role === 'worker' || role === 'committee';
}

/** The committee's review of applications (mirrors `welfare.review`). */
export function canReviewWelfare(role: Role): boolean {
  return role === 'committee';
}

/** Who may open a household's facts and decisions (mirrors `welfare.read`). */
export function canReadWelfare(role: Role): boolean {
  return role === 'subdistrict' || canWriteWelfare(role);
}

import { CARE_TAGS } from '../../../shared/careTags';
import type { TRegisterHistory } from '../../../shared/contracts/register';
import { shortDate } from '../../lib/dates';

type Entry = TRegisterHistory['items'][number];
type Change = Entry['changes'][number];
type T = (key: string, options?: Record<string, unknown>) => string;

/** What a report's category code is called, in the reader's language (from the report catalogue). */
export type CategoryName = (code: string) => string | undefined;

const HIDDEN_FIELDS = new Set(['idNumber']);
const DATE_FIELDS = new Set(['birthDate', 'movedOut']);

/** The i18n key of a history action: `household.create` → `plain.history.actions.household_create`. */
export function actionKey(action: string): string {
  return `plain.history.actions.${action.replace(/\./g, '_')}`;
}

/** The i18n key of a changed field. */
export function fieldKey(field: string): string {
  return `plain.history.fields.${field}`;
}

function value(field: string, raw: string, t: T, categoryName: CategoryName): string {
  if (field === 'gender' && (raw === 'male' || raw === 'female')) return t(`households.${raw}`);
  if (field === 'careTags') {
    const parts = raw
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map((part) => part.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    if (parts.every((part) => (CARE_TAGS as readonly string[]).includes(part))) {
      return parts.map((part) => t(`careTags.${part}`)).join('、');
    }
  }
  if (field === 'preferredLanguage' && (raw === 'zh-CN' || raw === 'en')) {
    return t(`plain.history.languages.${raw}`);
  }
  if (DATE_FIELDS.has(field)) return shortDate(raw);
  if (field === 'floor') return t('plain.history.floorValue', { floor: raw });
  if (field === 'residents') return t('plain.history.peopleValue', { count: Number(raw) });
  if (field === 'category') return categoryName(raw) ?? t('plain.history.fields.category');
  return raw;
}

/** One change as a sentence: never an id, never "（空）", values in words. */
export function changeText(change: Change, t: T, categoryName: CategoryName): string {
  const field = t(fieldKey(change.field));
  if (HIDDEN_FIELDS.has(change.field)) {
    if (change.from === null) return t('plain.history.hiddenSet', { field });
    if (change.to === null) return t('plain.history.hiddenCleared', { field });
    return t('plain.history.hiddenChanged', { field });
  }
  // A resident moved in from another household: the household ids mean nothing to a reader.
  if (change.field === 'household') return t('plain.history.movedIn');
  const from =
    change.from === null || change.from === '' ? null : value(change.field, change.from, t, categoryName);
  const to = change.to === null || change.to === '' ? null : value(change.field, change.to, t, categoryName);
  if (from === null && to === null) return field;
  if (from === null) return t('plain.history.set', { field, to });
  if (to === null) return t('plain.history.cleared', { field, from });
  return t('plain.history.changed', { field, from, to });
}

/** A history entry in plain words: what happened, and each change as a sentence. */
export function entryText(
  entry: Entry,
  t: T,
  categoryName: CategoryName,
): { title: string; lines: string[] } {
  return {
    title: t(actionKey(entry.action)),
    lines: entry.changes.map((change) => changeText(change, t, categoryName)),
  };
}

import { currentLanguage } from '../i18n';

/**
 * Dates and times are written in the app's language, whatever the browser's: a Chinese page says
 * 2026年12月7日 08:31 on an English phone, an English page says 7 Dec 2026, 08:31 on a Chinese one.
 * Every date a page shows goes through here (never `toLocaleString` or a bare `Intl` without a locale).
 */
type Words = 'zh-CN' | 'en';

function words(): Words {
  return currentLanguage() === 'en' ? 'en' : 'zh-CN';
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const EN_MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day (year, month 1–12, day) in the app's language. */
export function dayText(year: number, month: number, day: number, language: Words = words()): string {
  return language === 'en' ? `${day} ${EN_MONTHS[month - 1]} ${year}` : `${year}年${month}月${day}日`;
}

/** A month (`YYYY-MM`) in the app's language: 2026年12月, December 2026. */
export function monthText(value: string, language: Words = words()): string {
  const match = /^(\d{4})-(\d{2})/.exec(value);
  if (!match) return value;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return language === 'en' ? `${EN_MONTHS_LONG[month - 1]} ${year}` : `${year}年${month}月`;
}

/** Today's date on this device as `YYYY-MM-DD`, the form the API takes. */
export function todayIso(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/**
 * The day of an ISO date (`2026-12-07`) or timestamp, as people read it in the app's language. A bare
 * date is a calendar day and is never moved by a time zone; a timestamp is read in the device's zone.
 */
export function shortDate(value: string, language: Words = words()): string {
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (bare) return dayText(Number(bare[1]), Number(bare[2]), Number(bare[3]), language);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dayText(date.getFullYear(), date.getMonth() + 1, date.getDate(), language);
}

/** Date and minute of an ISO timestamp, in the device's time zone and the app's language. */
export function dateTime(value: string, language: Words = words()): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const day = dayText(date.getFullYear(), date.getMonth() + 1, date.getDate(), language);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return language === 'en' ? `${day}, ${time}` : `${day} ${time}`;
}

/** How long ago, in whole minutes, hours or days; never negative (clocks differ a little). */
export function ago(
  value: string,
  now: number = Date.now(),
): { unit: 'now' | 'minutes' | 'hours' | 'days'; count: number } {
  const then = new Date(value).getTime();
  if (Number.isNaN(then)) return { unit: 'now', count: 0 };
  const minutes = Math.max(0, Math.floor((now - then) / 60_000));
  if (minutes < 1) return { unit: 'now', count: 0 };
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}

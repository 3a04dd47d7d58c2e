import type { Language } from '../../shared/languages';

/*
 * The text shown, written to be heard: a phone's voice reads "2026-12-07" as a subtraction, "08:31" as a
 * ratio, "3-2-401" as minus signs and a record id letter by letter. Dates and times are said as people say
 * them, addresses as buildings and entrances, codes and empty markers left out. Pure: the year that goes
 * without saying is passed in.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const MONTHS_EN = [
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

/** 0–99 as said in Chinese: 7 → 七, 10 → 十, 12 → 十二, 31 → 三十一. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** A year or a phone number said digit by digit: 2025 → 二〇二五. */
function digitByDigit(digits: string, zero = '零'): string {
  return [...digits].map((d) => (d === '0' ? zero : DIGITS[Number(d)])).join('');
}

function zhDate(year: number, month: number, day: number | null, thisYear: number): string {
  const y = year === thisYear ? '' : `${digitByDigit(String(year), '〇')}年`;
  return `${y}${chineseNumber(month)}月${day === null ? '' : `${chineseNumber(day)}日`}`;
}

function zhTime(hours: number, minutes: number): string {
  if (minutes === 0) return `${chineseNumber(hours)}点`;
  const m = minutes < 10 ? `零${DIGITS[minutes]}` : chineseNumber(minutes);
  return `${chineseNumber(hours)}点${m}分`;
}

function enDate(year: number, month: number, day: number | null, thisYear: number): string {
  const name = MONTHS_EN[month - 1] ?? String(month);
  const d = day === null ? '' : ` ${day}`;
  return `${name}${d}${year === thisYear ? '' : `, ${year}`}`;
}

const valid = (month: number, day: number | null) =>
  month >= 1 && month <= 12 && (day === null || (day >= 1 && day <= 31));

export interface HeardOptions {
  /** The year a date need not say (the current one). */
  thisYear?: number;
}

export function toHeard(text: string, lang: Language, options: HeardOptions = {}): string {
  const thisYear = options.thisYear ?? new Date().getFullYear();
  const zh = lang !== 'en';
  const date = (y: string, m: string, d: string | null) => {
    const year = Number(y);
    const month = Number(m);
    const day = d === null ? null : Number(d);
    if (!valid(month, day)) return null;
    return zh ? zhDate(year, month, day, thisYear) : enDate(year, month, day, thisYear);
  };
  let s = text;

  // What is not for the ear: links, record ids (whole or cut short), system codes, empty markers, pictographs.
  s = s.replace(/https?:\/\/\S+/g, '');
  s = s.replace(/\b[0-9a-f]{8}(?:-[0-9a-f]{1,12}){0,4}-?…?/gi, (m) =>
    /[a-f]/i.test(m) || m.includes('-') ? '' : m,
  );
  s = s.replace(/\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b/g, (m) => (/^[a-z]\.[a-z]$/i.test(m) ? m : ''));
  s = s.replace(/[（(]\s*(?:空|无内容|empty|none)\s*[)）]/gi, '');
  s = s.replace(/[\u2190-\u21FF]/g, zh ? '，改为' : ', now ');
  s = s.replace(/[\u2300-\u23FF\u2600-\u27BF\u{1F000}-\u{1FAFF}]/gu, '');
  s = s.replace(/\uFE0F|\u200D/g, '');

  // Dates and times, before the address rule sees their dashes.
  s = s.replace(
    /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g,
    (m, y, mo, d, h, mi) => {
      const said = date(y, mo, d);
      return said ? `${said} ${zh ? zhTime(Number(h), Number(mi)) : `${Number(h)}:${mi}`}` : m;
    },
  );
  s = s.replace(/(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?/g, (m, y, mo, d) => date(y, mo, d ?? null) ?? m);
  s = s.replace(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, (m, y, mo, d) => date(y, mo, d) ?? m);
  s = s.replace(/(?<![\d年])(\d{1,2})月(\d{1,2})[日号]/g, (m, mo, d) =>
    valid(Number(mo), Number(d)) ? `${chineseNumber(Number(mo))}月${chineseNumber(Number(d))}日` : m,
  );
  s = s.replace(/(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])/g, (_, h, mi) =>
    zh ? zhTime(Number(h), Number(mi)) : `${Number(h)}:${mi}`,
  );

  // 3-2-401: building 3, entrance 2, flat 401.
  s = s.replace(/(?<![\d-])(\d{1,3})-(\d{1,2})-(\d{1,4})(?![\d-])/g, (_, b, e, r) =>
    zh ? `${b}号楼${e}单元${r}` : `building ${b}, entrance ${e}, flat ${r}`,
  );

  // Numbers: thousands separators go (1,395 → 1395), percentages are said, phone numbers digit by digit.
  s = s.replace(/(\d{1,3})((?:,\d{3})+)(?!\d)/g, (_, head, rest: string) => head + rest.replaceAll(',', ''));
  s = s.replace(/(\d+(?:\.\d+)?)\s*%/g, (_, n) => (zh ? `百分之${n}` : `${n} percent`));
  s = s.replace(/(?<!\d)(\d{7,})(?!\d)/g, (m) => (zh ? digitByDigit(m) : [...m].join(' ')));

  // Separators become pauses; lines become sentences.
  s = s.replace(/\s*[·•|]\s*/g, zh ? '，' : ', ');
  s = s.replace(/\s*[—–]+\s*/g, zh ? '，' : ', ');
  s = s.replace(/\s*\n+\s*/g, (_, offset: number) =>
    offset > 0 && /[。！？.!?，,：:；;]$/.test(s.slice(0, offset)) ? ' ' : zh ? '。' : '. ',
  );
  s = s.replace(/[ \t]{2,}/g, ' ');
  // Punctuation left doubled by what was taken out.
  s = s.replace(/([，,。：:；;])\s*(?=[，,。；;])/g, '');
  s = s.replace(/^[\s，,。；;：:]+|[\s，,；;：:]+$/g, '');
  return s.trim();
}

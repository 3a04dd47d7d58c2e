import { pinyin } from 'pinyin-pro';

/**
 * What the register is searched by besides the name itself: its pinyin (`zhanghuide`), its initials
 * (`zhd`), and the last four digits of the phone. Kept in columns so searches use an index.
 */
export function residentSearchKeys(name: string, phone: string | null) {
  // Surname mode reads a leading 单/曾/解 the way a surname is read (shan, zeng, xie).
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((s) => s.length > 0);
  const digits = phone?.replace(/\D/g, '') ?? '';
  return {
    name_pinyin: syllables.join(''),
    name_initials: syllables.map((s) => s[0]).join(''),
    phone_tail: digits.length >= 4 ? digits.slice(-4) : null,
  };
}

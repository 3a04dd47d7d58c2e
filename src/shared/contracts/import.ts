import { z } from 'zod';
import type { Language } from '../errors';

/** Row problems of a register import. Errors keep the row out; warnings import it without the field. */
export const IMPORT_ERROR_REASONS = [
  'id_stored_as_number',
  'id_checksum',
  'id_format',
  'birth_mismatch',
  'name_missing',
  'duplicate_in_file',
  'address_missing',
  'gender_missing',
  'id_registered_elsewhere',
  'formula_without_value',
] as const;
export const IMPORT_WARNING_REASONS = ['phone_invalid', 'gender_unknown', 'birth_unreadable'] as const;
export type ImportErrorReason = (typeof IMPORT_ERROR_REASONS)[number];
export type ImportWarningReason = (typeof IMPORT_WARNING_REASONS)[number];

/** The same fields `npx linli import FILE --dry-run --json` prints. */
export const ZImportSummary = z.object({
  data_rows: z.number().int(),
  importable_rows: z.number().int(),
  error_rows: z.number().int(),
  errors_by_reason: z.record(z.string(), z.number().int()),
  warnings_by_reason: z.record(z.string(), z.number().int()),
  households: z.number().int(),
  sheet: z.string().optional(),
  title_rows: z.number().int().optional(),
  header_row: z.number().int(),
  encoding: z.string().optional(),
});
export type TImportSummary = z.infer<typeof ZImportSummary>;

export const ZImportIssue = z.object({
  /** The row number as the spreadsheet shows it. */
  row: z.number().int(),
  /** The header of the column at fault, as written in the file. */
  column: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  reason: z.enum([...IMPORT_ERROR_REASONS, ...IMPORT_WARNING_REASONS]),
  message: z.string(),
});

export const ZImportReport = z.object({
  summary: ZImportSummary,
  issues: z.array(ZImportIssue),
  committed: z.boolean(),
  /** What the import did (zeros on a dry run). */
  created: z.object({ households: z.number().int(), residents: z.number().int() }),
  updated: z.object({ residents: z.number().int() }),
});
export type TImportReport = z.infer<typeof ZImportReport>;

/**
 * What each reason tells the person who made the file, in each language; the web and the server both
 * read this one catalogue. `{value}` is the cell as written (never an ID number: those are not echoed).
 */
export const IMPORT_ISSUE_MESSAGES: Record<
  ImportErrorReason | ImportWarningReason,
  { zh: string; en: string }
> = {
  id_stored_as_number: {
    zh: '身份证号被表格存成了数字，后几位已经丢失；请把这一列设为“文本”后重新填写。这一行没有导入。',
    en: 'The spreadsheet stored the ID number as a number and its last digits are lost; format the column as text and type it again. This row was not imported.',
  },
  id_checksum: {
    zh: '身份证号校验位不对，可能抄错了一位。这一行没有导入。',
    en: 'The check digit of the ID number is wrong; a digit may be mistyped. This row was not imported.',
  },
  id_format: {
    zh: '身份证号应为 18 位（最后一位可以是 X），出生日期部分要是真实日期。这一行没有导入。',
    en: 'An ID number has 18 characters (the last may be X) with a real birth date inside. This row was not imported.',
  },
  birth_mismatch: {
    zh: '出生日期 {value} 与身份证号里的出生日期不一致。这一行没有导入。',
    en: 'The birth date {value} differs from the one in the ID number. This row was not imported.',
  },
  name_missing: {
    zh: '没有填写姓名。这一行没有导入。',
    en: 'The name is missing. This row was not imported.',
  },
  duplicate_in_file: {
    zh: '这个身份证号（或同一地址的同一人）在第 {value} 行已经出现过；只导入了第一次出现的那一行。',
    en: 'This ID number (or the same person at the same address) already appears in row {value}; only that first row is imported.',
  },
  address_missing: {
    zh: '楼号或门牌号没有填写。这一行没有导入。',
    en: 'The building or room number is missing. This row was not imported.',
  },
  gender_missing: {
    zh: '性别没有填写（或看不懂），也没有身份证号可以推出。这一行没有导入。',
    en: 'The gender is missing or unreadable and there is no ID number to tell it. This row was not imported.',
  },
  id_registered_elsewhere: {
    zh: '这个身份证号已登记在别的社区，请先与那个社区核实。这一行没有导入。',
    en: 'This ID number is registered in another community; please check with that community first. This row was not imported.',
  },
  formula_without_value: {
    zh: '这一格是公式，但文件里没有保存计算结果。请用 Excel 或 WPS 打开这个文件、保存一次，或把公式换成数值后再导入。这一行没有导入。',
    en: 'This cell is a formula whose result was not saved in the file. Open and save the file once in Excel or WPS, or replace the formula by its value, then import again. This row was not imported.',
  },
  phone_invalid: {
    zh: '电话号码 {value} 不像有效的手机或座机号码；这一行已导入，但没有导入电话。',
    en: 'The phone number {value} is not a valid mobile or landline number; the row is imported without it.',
  },
  gender_unknown: {
    zh: '性别 {value} 看不懂，已按身份证号填写。',
    en: 'The gender {value} is not understood; it was taken from the ID number.',
  },
  birth_unreadable: {
    zh: '出生日期 {value} 看不懂；有身份证号时已按身份证号填写，否则留空。',
    en: 'The birth date {value} is not understood; it was taken from the ID number where there is one, otherwise left empty.',
  },
};

export function importIssueMessage(
  reason: ImportErrorReason | ImportWarningReason,
  lang: Language,
  params: { value?: string | number } = {},
): string {
  const entry = IMPORT_ISSUE_MESSAGES[reason];
  const template = lang === 'en' ? entry.en : entry.zh;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key as 'value'] ?? ''));
}

/** The headers Linli writes (template, export) and reads first; other spellings are recognised too. */
export const REGISTER_COLUMNS = {
  building: '楼号',
  entrance: '单元',
  room: '门牌号',
  name: '姓名',
  gender: '性别',
  relation: '与户主关系',
  birthDate: '出生日期',
  idNumber: '身份证号',
  phone: '联系电话',
  careNeeds: '特殊情况',
  remarks: '备注',
} as const;
export type RegisterColumn = keyof typeof REGISTER_COLUMNS;

/** `POST /api/v1/register/import`: the file comes as the multipart field `file`. A dry run is the default. */
export const ZImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('true'),
  communityId: z.uuid().optional(),
});
export type TImportQuery = z.input<typeof ZImportQuery>;

export const ZRegisterExportQuery = z.object({ communityId: z.uuid().optional() });
export type TRegisterExportQuery = z.input<typeof ZRegisterExportQuery>;

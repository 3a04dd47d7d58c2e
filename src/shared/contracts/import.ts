import { z } from 'zod';

/** Row problems of a register import. Errors keep the row out; warnings import it without the field. */
export const IMPORT_ERROR_REASONS = [
  'id_stored_as_number',
  'id_checksum',
  'id_format',
  'birth_mismatch',
  'name_missing',
  'duplicate_in_file',
  'address_missing',
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

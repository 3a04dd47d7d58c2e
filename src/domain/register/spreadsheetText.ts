/**
 * Text that a spreadsheet program could take for a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`,
 * `+`, `-`, `@`, or a leading tab or carriage return) is written with an apostrophe before it, as OWASP's
 * "CSV injection" advice says: Excel and WPS then show it as text, also after the file is saved as CSV.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The reverse, for a file Linli exported and a person imports again: nobody types a stored apostrophe. */
export function restoreNeutralised(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * SQLite's online backup: copies a consistent snapshot page by page while other connections go on
 * writing, so a running Linli need not stop.
 */
export async function backupSqlite(sourceFile: string, targetFile: string): Promise<void> {
  if (!fs.existsSync(sourceFile)) throw new Error(`No database at ${sourceFile}`);
  fs.mkdirSync(path.dirname(path.resolve(targetFile)), { recursive: true });
  const source = new SQLite(sourceFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(targetFile);
  } finally {
    source.close();
  }
}

/** Puts a backup in place as the data folder's database, after checking it is a sound SQLite file. */
export function restoreSqlite(backupFile: string, targetFile: string, options: { force: boolean }): void {
  if (!fs.existsSync(backupFile)) throw new Error(`No backup at ${backupFile}`);
  const check = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup is damaged: ${String(result)}`);
  } finally {
    check.close();
  }
  if (fs.existsSync(targetFile) && !options.force) {
    throw new Error(`${targetFile} exists; stop Linli and pass --force to replace it`);
  }
  fs.mkdirSync(path.dirname(targetFile), { recursive: true });
  for (const suffix of ['-wal', '-shm']) fs.rmSync(targetFile + suffix, { force: true });
  fs.copyFileSync(backupFile, targetFile);
}

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { z } from 'zod';
import { lockDataFolder } from './dataFolderLock';

/**
 * A backup is a folder: `linli.db`, the photos and receipts the database names (under the same paths
 * as in the data folder), and `manifest.json` listing every file with its size and SHA-256. The manifest
 * is written last, so a folder without one is an unfinished backup.
 */
const DATABASE = 'linli.db';
const MANIFEST = 'manifest.json';
const FORMAT = 'linli-backup';
/** The folders of the data folder that hold files named by rows; a restore replaces them whole. */
const FILE_FOLDERS = ['photos', 'receipts'] as const;

/** Only the database and files two levels down in the file folders: a manifest cannot point elsewhere. */
const ZBackupPath = z
  .string()
  .refine(
    (p) =>
      p === DATABASE ||
      (FILE_FOLDERS.some((folder) => p.startsWith(`${folder}/`)) &&
        p.split('/').length === 3 &&
        p.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && !part.includes('\\'))),
    'not a path a Linli backup holds',
  );

const ZBackupManifest = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  files: z.array(z.object({ path: ZBackupPath, bytes: z.number().int().nonnegative(), sha256: z.string() })),
  /** Files the database named that were already missing from the data folder when the backup was taken. */
  missing: z.array(z.string()),
});
type TBackupManifest = z.infer<typeof ZBackupManifest>;

export interface BackupSummary {
  folder: string;
  databaseBytes: number;
  files: number;
  fileBytes: number;
  missing: string[];
}

/** A backup that does not match its manifest, or is no backup at all. Chinese first, then English. */
export class BackupRefused extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
  }
}

/** Copies `from` to `to` durably and returns the copy's size and SHA-256 (read back from the copy). */
async function copyAndHash(from: string, to: string): Promise<{ bytes: number; sha256: string }> {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
  const handle = await fs.promises.open(to, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return hashFile(to);
}

async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * SQLite's online backup API copying every page in one step, inside one read transaction. Copied a
 * hundred pages at a time (better-sqlite3's default), any write by another connection between two
 * steps starts the copy over, so under steady writes it never ends; in one step there is no "between".
 * In WAL mode writers go on meanwhile; the copy is the database as of the step's start. Why this and
 * not `VACUUM INTO`: docs/ARCHITECTURE.md and `npm run bench -- backup`.
 */
export async function copySqliteDatabase(sourceFile: string, targetFile: string): Promise<void> {
  const source = new SQLite(sourceFile, { readonly: true, fileMustExist: true });
  try {
    // better-sqlite3's largest step; it runs the first step with 0 pages, then asks for the next size.
    await source.backup(targetFile, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
}

/** The files the copied database names, as paths inside the data folder (and the backup). */
function filesNamedBy(databaseFile: string): string[] {
  const copy = new SQLite(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = copy
      .prepare(
        `SELECT 'photos' AS folder, report_id AS owner, file_name FROM report_photo
         UNION ALL SELECT 'receipts', entry_id, file_name FROM care_money_receipt`,
      )
      .all() as { folder: string; owner: string; file_name: string }[];
    return rows.map((row) => `${row.folder}/${row.owner}/${path.basename(row.file_name)}`);
  } finally {
    copy.close();
  }
}

/**
 * Backs up the data folder into `folder` (new or empty) while Linli keeps running: first the database,
 * then the photos and receipts that database names. Files are written and flushed before the rows that
 * name them commit and are never changed after, so every one the copy names is complete on disk.
 */
export async function backupDataFolder(dataDir: string, folder: string): Promise<BackupSummary> {
  const databaseFile = path.join(dataDir, DATABASE);
  if (!fs.existsSync(databaseFile)) {
    throw new BackupRefused(`${dataDir} 里没有数据库。`, `There is no database in ${dataDir}.`);
  }
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    throw new BackupRefused(
      `${folder} 已经有内容了，请换一个新的文件夹。`,
      `${folder} is not empty; give a new folder.`,
    );
  }
  fs.mkdirSync(folder, { recursive: true });
  const copiedDatabase = path.join(folder, DATABASE);
  await copySqliteDatabase(databaseFile, copiedDatabase);
  const files: TBackupManifest['files'] = [{ path: DATABASE, ...(await hashFile(copiedDatabase)) }];
  const missing: string[] = [];
  for (const file of filesNamedBy(copiedDatabase)) {
    try {
      files.push({ path: file, ...(await copyAndHash(path.join(dataDir, file), path.join(folder, file))) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(file);
    }
  }
  const manifest: TBackupManifest = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    files,
    missing,
  };
  const manifestFile = path.join(folder, MANIFEST);
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  const handle = fs.openSync(manifestFile, 'r+');
  fs.fsyncSync(handle);
  fs.closeSync(handle);
  return summarize(folder, manifest);
}

function summarize(folder: string, manifest: TBackupManifest): BackupSummary {
  const [database, ...others] = manifest.files;
  return {
    folder,
    databaseBytes: database?.bytes ?? 0,
    files: others.length,
    fileBytes: others.reduce((sum, f) => sum + f.bytes, 0),
    missing: manifest.missing,
  };
}

function readManifest(folder: string): TBackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), 'utf8'));
  } catch {
    throw new BackupRefused(
      `${folder} 不是完整的邻里备份（没有可读的 ${MANIFEST}）。`,
      `${folder} is not a complete Linli backup (no readable ${MANIFEST}).`,
    );
  }
  const parsed = ZBackupManifest.safeParse(raw);
  if (!parsed.success || parsed.data.files[0]?.path !== DATABASE) {
    throw new BackupRefused(`${folder} 的 ${MANIFEST} 格式不对。`, `${folder}: ${MANIFEST} is not valid.`);
  }
  return parsed.data;
}

function checkDatabase(file: string): void {
  const check = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') {
      throw new BackupRefused(
        `备份里的数据库已损坏：${String(result)}`,
        `The backup is damaged: ${String(result)}`,
      );
    }
  } finally {
    check.close();
  }
}

/**
 * Puts a backup in place as the data folder's database, photos and receipts. Refuses while a server
 * (or another restore) holds the data folder, and refuses a backup whose files differ from its
 * manifest: everything is copied beside the data folder's contents and checked there before it
 * replaces them, so a refused restore leaves the data folder as it was.
 */
export async function restoreDataFolder(
  folder: string,
  dataDir: string,
  options: { force: boolean },
): Promise<BackupSummary> {
  const release = lockDataFolder(dataDir, 'restore');
  const staging = path.join(dataDir, `.restore-${randomUUID()}`);
  try {
    const manifest = readManifest(folder);
    const target = path.join(dataDir, DATABASE);
    if (fs.existsSync(target) && !options.force) {
      throw new BackupRefused(
        `${target} 已经存在；确认要用备份替换它，请加 --force。`,
        `${target} exists; pass --force to replace it with the backup.`,
      );
    }
    const mismatched: string[] = [];
    for (const file of manifest.files) {
      const copied = await copyAndHash(path.join(folder, file.path), path.join(staging, file.path)).catch(
        () => null,
      );
      if (copied?.bytes !== file.bytes || copied.sha256 !== file.sha256) mismatched.push(file.path);
    }
    if (mismatched.length > 0) {
      const list = mismatched.slice(0, 10).join(', ') + (mismatched.length > 10 ? ' …' : '');
      throw new BackupRefused(
        `备份里有 ${mismatched.length} 个文件缺失或与清单不符，没有恢复：${list}`,
        `${mismatched.length} files of the backup are missing or differ from its manifest; nothing was restored: ${list}`,
      );
    }
    checkDatabase(path.join(staging, DATABASE));
    // The old database's WAL would be replayed onto the new file: it goes first.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(path.join(staging, DATABASE), target);
    for (const name of FILE_FOLDERS) {
      fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
      if (fs.existsSync(path.join(staging, name)))
        fs.renameSync(path.join(staging, name), path.join(dataDir, name));
    }
    return summarize(folder, manifest);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}

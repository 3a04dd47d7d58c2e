import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { type TrailVerdict, verifyAuditTrail } from '../server/audit/audit.repository';
import { listCheckpoints } from '../server/audit/checkpoints.repository';
import {
  type Checkpoint,
  loadOrCreateSigningKey,
  publicKeyPem,
  readCheckpointFile,
  readPublicKey,
} from '../server/audit/signingKey';
import { BackupRefused, type BackupSummary, backupDataFolder, restoreDataFolder } from '../server/backup';
import { systemClock } from '../server/clock';
import { configFromEnv } from '../server/config';
import { DataFolderInUse } from '../server/dataFolderLock';
import { type Database, openDatabase, usesSqlite } from '../server/db/database';
import { migrateToLatest } from '../server/db/migrate';
import { startServer } from '../server/main';
import { DEMO_HISTORY_MONTHS, seedDemo } from '../server/seed/demo';
import { DEMO_PASSWORD } from '../server/seed/demoCommunity';
import { createUserAccount, resetUserPassword } from '../server/users/users.usecases';
import { ERRORS, type ErrorCode, errorMessage } from '../shared/errors';
import { ROLES, type Role } from '../shared/roles';

const config = configFromEnv();

/** Opens the configured database, migrated, for one command, and closes it after. */
async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function readPassword(given: string | undefined): Promise<string> {
  if (given) return given;
  if (process.env.LINLI_PASSWORD) return process.env.LINLI_PASSWORD;
  fail('Give the password with --password or the LINLI_PASSWORD environment variable.');
}

const program = new Command('linli')
  .description('Linli 邻里 — the working system of an urban residents’ community')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the web app and the API (migrates and seeds the demo on first run)')
  .option('--no-demo', 'do not seed the demo community on an empty database')
  .option('--no-web', 'serve the API only (no web app, no web build)')
  .action(async (options: { demo: boolean; web: boolean }) => {
    // A server that cannot start (port taken, database unreachable, unreadable key) exits non-zero,
    // so a supervisor such as systemd restarts it and shows why.
    const server = await startServer({ seedDemo: options.demo, web: options.web }).catch((error: unknown) =>
      fail(`Linli could not start / 邻里未能启动: ${error instanceof Error ? error.message : String(error)}`),
    );
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        void server.close().then(() => process.exit(0));
      });
    }
  });

program
  .command('migrate')
  .description('apply the database migrations not yet applied')
  .action(async () => {
    await withDatabase(async () => undefined);
    console.log('Migrations applied.');
  });

program
  .command('seed-demo')
  .description('add the demo community (invented people) with months of lived history, in one transaction')
  .option(
    '--history-months <n>',
    'months of history before today (0: the register alone)',
    String(DEMO_HISTORY_MONTHS),
  )
  .option('--community-name <name>', 'add a further community of this name to a seeded database')
  .action(async (options: { historyMonths: string; communityName?: string }) => {
    const months = Number(options.historyMonths);
    if (!Number.isInteger(months) || months < 0 || months > 36) {
      fail('--history-months takes a whole number from 0 to 36.');
    }
    const started = performance.now();
    const seed = await withDatabase(({ db }) =>
      seedDemo(db, systemClock, {
        historyMonths: months,
        ...(options.communityName !== undefined && { communityName: options.communityName }),
        onProgress: (step) =>
          console.log(step === 'register' ? 'Register and chain written…' : 'History written…'),
      }),
    ).catch((error: unknown) => fail(cliErrorMessage(error)));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded in ${seconds} s; accounts (password ${DEMO_PASSWORD}): ${seed.users.map((u) => u.username).join(', ')}`,
    );
  });

const user = program.command('user').description('manage sign-in accounts');

user
  .command('add')
  .description('create an account')
  .requiredOption('--username <name>', 'sign-in name')
  .requiredOption('--name <displayName>', 'name shown to others')
  .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
  .option('--community <id>', 'community id (worker, committee and chain roles)')
  .option('--subdistrict <id>', 'subdistrict id (subdistrict role)')
  .option('--password <password>', 'password (or LINLI_PASSWORD)')
  .action(
    async (options: {
      username: string;
      name: string;
      role: Role;
      community?: string;
      subdistrict?: string;
      password?: string;
    }) => {
      const password = await readPassword(options.password);
      if (password.length < 8) fail('The password needs at least 8 characters.');
      await withDatabase(async ({ db }) => {
        const id = await createUserAccount(
          { db, clock: systemClock },
          {
            username: options.username,
            displayName: options.name,
            role: options.role,
            password,
            communityId: options.community ?? null,
            subdistrictId: options.subdistrict ?? null,
          },
        ).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
        console.log(`Account ${options.username} created (${id}).`);
      });
    },
  );

user
  .command('reset-password')
  .description('set a new password, unlock the account and end its sessions')
  .argument('<username>')
  .option('--password <password>', 'new password (or LINLI_PASSWORD)')
  .action(async (username: string, options: { password?: string }) => {
    const password = await readPassword(options.password);
    if (password.length < 8) fail('The password needs at least 8 characters.');
    const done = await withDatabase(({ db }) =>
      resetUserPassword({ db, clock: systemClock }, username, password),
    );
    if (!done) fail(`No account named ${username}.`);
    console.log(`Password of ${username} reset; its sessions are ended.`);
  });

const audit = program.command('audit').description('the audit trail');

audit
  .command('verify')
  .description(
    'check the hash chain against the signed checkpoints; names the first row that contradicts and counts the rows after the last checkpoint',
  )
  .option('--checkpoints <file>', 'a checkpoint file (default: LINLI_AUDIT_CHECKPOINTS, when it exists)')
  .option('--public-key <file>', 'the public key (default: from the signing key LINLI_AUDIT_KEY_FILE)')
  .action(async (options: { checkpoints?: string; publicKey?: string }) => {
    const keyFile = options.publicKey ?? config.auditKeyFile;
    const checkpointFile = options.checkpoints ?? config.auditCheckpointFile;
    if (options.checkpoints && !fs.existsSync(options.checkpoints))
      fail(`No checkpoint file ${options.checkpoints}.`);
    let publicKey: KeyObject | null = null;
    let fromFile: Checkpoint[] = [];
    try {
      publicKey = fs.existsSync(keyFile) || options.publicKey ? readPublicKey(keyFile) : null;
      fromFile = fs.existsSync(checkpointFile) ? readCheckpointFile(checkpointFile) : [];
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    const verdict = await withDatabase(async ({ db }) => {
      const list = [...(await listCheckpoints(db)), ...fromFile];
      return verifyAuditTrail(db, publicKey ? { list, publicKey } : undefined);
    });
    if (!verdict.ok) fail(describeBreak(verdict));
    console.log(`OK: ${verdict.count} audit events, chain intact (last hash ${verdict.lastHash}).`);
    if (!publicKey) {
      console.log(`No public key (${keyFile}): signed checkpoints were not checked.`);
    } else if (verdict.lastCheckpoint) {
      const last = verdict.lastCheckpoint;
      console.log(
        `Signed checkpoints that match: ${verdict.checkpoints}; the last covers event ${last.seq} (${last.at}, hash ${last.hash}).`,
      );
    } else {
      console.log('No signed checkpoint yet.');
    }
    if (publicKey) {
      console.log(
        `${verdict.afterLastCheckpoint} audit events after the last checkpoint are not yet covered by a signature.`,
      );
    }
  });

function describeBreak(verdict: Extract<TrailVerdict, { ok: false }>): string {
  if (!('checkpoint' in verdict)) return `BROKEN at audit event ${verdict.seq}: ${verdict.reason}`;
  const { checkpoint } = verdict;
  const signed = `the checkpoint of ${checkpoint.at} signs event ${checkpoint.seq} with hash ${checkpoint.hash}`;
  switch (verdict.reason) {
    case 'checkpoint_signature':
      return `BROKEN: a checkpoint's signature is not valid for this key (${signed}, key ${checkpoint.keyId}).`;
    case 'checkpoint_hash':
      return `BROKEN at audit event ${verdict.seq}: ${signed}, the trail has another; events ${verdict.fromSeq} to ${verdict.seq} were rewritten.`;
    case 'checkpoint_beyond_trail':
      return `BROKEN at audit event ${verdict.seq}: ${signed}, but the trail ends before it; events from ${verdict.fromSeq} may have been cut.`;
  }
}

audit
  .command('public-key')
  .description('print the public key that verifies the audit checkpoints (creates the signing key if none)')
  .action(() => {
    try {
      process.stdout.write(publicKeyPem(loadOrCreateSigningKey(config.auditKeyFile).publicKey));
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  });

function requireSqlite(what: string): void {
  if (!usesSqlite(config.databaseUrl)) {
    fail(
      `${what} works on the embedded SQLite database. On PostgreSQL use its own tools:\n` +
        '  pg_dump --format=custom --file=linli.dump "$DATABASE_URL"\n' +
        '  pg_restore --clean --if-exists --dbname="$DATABASE_URL" linli.dump',
    );
  }
}

program
  .command('backup')
  .description(
    'back up the SQLite database, photos and receipts into a new FOLDER, with a manifest of SHA-256 checksums, while Linli keeps running',
  )
  .argument('<folder>')
  .action(async (folder: string) => {
    requireSqlite('backup');
    const summary = await backupDataFolder(config.dataDir, path.resolve(folder)).catch(failWith);
    console.log(`已备份到 ${summary.folder}。 Backed up to ${summary.folder}:`);
    printSummary(summary);
  });

program
  .command('restore')
  .description(
    'replace the data folder’s database, photos and receipts with a backup FOLDER, after checking it against its manifest (refused while Linli runs)',
  )
  .argument('<folder>')
  .option('--force', 'replace an existing database')
  .action(async (folder: string, options: { force?: boolean }) => {
    requireSqlite('restore');
    const summary = await restoreDataFolder(path.resolve(folder), config.dataDir, {
      force: options.force ?? false,
    }).catch(failWith);
    console.log(
      `已从 ${summary.folder} 恢复到 ${config.dataDir}。 Restored ${summary.folder} into ${config.dataDir}:`,
    );
    printSummary(summary);
  });

/** A refusal the user can act on is printed as is; anything else is a bug and keeps its stack. */
function failWith(error: unknown): never {
  if (error instanceof BackupRefused || error instanceof DataFolderInUse) fail(error.message);
  throw error;
}

function printSummary(summary: BackupSummary): void {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`  数据库 database ${mb(summary.databaseBytes)} MB`);
  console.log(`  照片和收据 photos and receipts: ${summary.files} (${mb(summary.fileBytes)} MB)`);
  if (summary.missing.length > 0) {
    console.log(
      `  备份时已缺失 ${summary.missing.length} 个文件 / ${summary.missing.length} files were already missing when the backup was taken: ${summary.missing.join(', ')}`,
    );
  }
}

program
  .command('import')
  .description('import a household register (.xlsx or .csv) into a community; --dry-run only checks it')
  .argument('<file>')
  .option('--dry-run', 'check the file and report, write nothing')
  .option('--json', 'print one JSON object: data_rows, importable_rows, error_rows, errors_by_reason …')
  .option('--community <id>', 'community id (default: the only community)')
  .action(async (file: string, options: { dryRun?: boolean; json?: boolean; community?: string }) => {
    const filePath = path.resolve(file);
    if (!fs.statSync(filePath, { throwIfNoEntry: false })?.isFile()) {
      fail(
        `找不到文件：${filePath}。请检查文件名和所在的文件夹。\nFile not found: ${filePath}. Check the name and the folder.`,
      );
    }
    const { importRegister, ownerAuthority, resolveCliCommunity } = await import(
      '../server/register/import/import.usecases'
    );
    const report = await withDatabase(async ({ db }) => {
      const communityId = await resolveCliCommunity(db, options.community);
      return importRegister({ db, clock: systemClock }, await ownerAuthority(db, communityId), filePath, {
        dryRun: options.dryRun ?? false,
        communityId,
        lang: process.env.LANG?.startsWith('en') ? 'en' : 'zh-CN',
      });
    }).catch((error: unknown) => fail(cliErrorMessage(error)));
    if (options.json) {
      console.log(JSON.stringify(report.summary));
      return;
    }
    const s = report.summary;
    console.log(
      `${path.basename(file)}${s.sheet ? ` (sheet ${s.sheet})` : ''}${s.encoding ? ` (${s.encoding})` : ''}: header in row ${s.header_row}`,
    );
    console.log(
      `${s.data_rows} data rows: ${s.importable_rows} importable, ${s.error_rows} with errors; ${s.households} households`,
    );
    for (const issue of report.issues) {
      console.log(
        `  row ${issue.row}${issue.column ? ` [${issue.column}]` : ''} ${issue.severity} ${issue.reason}: ${issue.message}`,
      );
    }
    console.log(
      report.committed
        ? `Imported: ${report.created.households} households and ${report.created.residents} residents created, ${report.updated.residents} residents updated.`
        : 'Dry run: nothing was written.',
    );
  });

program
  .command('export')
  .description('write the household register to an .xlsx file (with ID numbers; each one is audited)')
  .argument('<file>')
  .option('--community <id>', 'community id (default: the only community)')
  .action(async (file: string, options: { community?: string }) => {
    const { exportRegister, ownerAuthority, resolveCliCommunity } = await import(
      '../server/register/import/import.usecases'
    );
    const result = await withDatabase(async ({ db }) => {
      const communityId = await resolveCliCommunity(db, options.community);
      return exportRegister(
        { db, clock: systemClock },
        await ownerAuthority(db, communityId),
        { communityId },
        path.resolve(file),
      );
    }).catch((error: unknown) => fail(cliErrorMessage(error)));
    console.log(
      `Exported ${result.residents} residents in ${result.households} households to ${path.resolve(file)}.`,
    );
  });

const report = program.command('report').description('reports to print or send on');
report
  .command('monthly')
  .description(
    'the monthly report of a community or of every community of a subdistrict (.pdf, .xlsx or .json)',
  )
  .requiredOption('--month <YYYY-MM>', 'the month, e.g. 2026-11')
  .option('--community <id>', 'one community (default: the only community)')
  .option('--subdistrict <id>', 'every community of this subdistrict, side by side')
  .requiredOption('--out <file>', 'where to write; the extension chooses the format')
  .action(async (options: { month: string; community?: string; subdistrict?: string; out: string }) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) fail('--month must be YYYY-MM, e.g. 2026-11.');
    const { writeMonthlyReport } = await import('../server/desk/desk.cli');
    const written = await withDatabase((database) =>
      writeMonthlyReport(database, systemClock, options),
    ).catch((error: unknown) => fail(cliErrorMessage(error)));
    console.log(
      `Wrote the ${options.month} report of ${written.communities} communities to ${written.file}.`,
    );
  });

function cliErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code && code in ERRORS) return errorMessage(code as ErrorCode, 'zh-CN');
  return error instanceof Error ? error.message : String(error);
}

await program.parseAsync(process.argv);

import path from 'node:path';
import { Command, Option } from 'commander';
import { verifyAuditTrail } from '../server/audit/audit.repository';
import { BackupRefused, type BackupSummary, backupDataFolder, restoreDataFolder } from '../server/backup';
import { systemClock } from '../server/clock';
import { configFromEnv } from '../server/config';
import { DataFolderInUse } from '../server/dataFolderLock';
import { type Database, openDatabase, usesSqlite } from '../server/db/database';
import { migrateToLatest } from '../server/db/migrate';
import { startServer } from '../server/main';
import { seedDemo } from '../server/seed/demo';
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
    const server = await startServer({ seedDemo: options.demo, web: options.web }).catch(failWith);
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
  .description('add the demo community (invented people) to the database')
  .action(async () => {
    await withDatabase(async ({ db }) => {
      const seed = await seedDemo(db, systemClock);
      console.log(`Seeded the demo community; accounts: ${seed.users.map((u) => u.username).join(', ')}`);
    });
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

program
  .command('audit')
  .description('the audit trail')
  .command('verify')
  .description('check the hash chain of the audit trail; names the first broken row')
  .action(async () => {
    const verdict = await withDatabase(({ db }) => verifyAuditTrail(db));
    if (verdict.ok) {
      console.log(`OK: ${verdict.count} audit events, chain intact (last hash ${verdict.lastHash}).`);
    } else {
      fail(`BROKEN at audit event ${verdict.seq}: ${verdict.reason}`);
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
    const { importRegister, ownerAuthority, resolveCliCommunity } = await import(
      '../server/register/import/import.usecases'
    );
    const report = await withDatabase(async ({ db }) => {
      const communityId = await resolveCliCommunity(db, options.community);
      return importRegister(
        { db, clock: systemClock },
        await ownerAuthority(db, communityId),
        path.resolve(file),
        {
          dryRun: options.dryRun ?? false,
          communityId,
          lang: process.env.LANG?.startsWith('en') ? 'en' : 'zh-CN',
        },
      );
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

function cliErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code && code in ERRORS) return errorMessage(code as ErrorCode, 'zh-CN');
  return error instanceof Error ? error.message : String(error);
}

await program.parseAsync(process.argv);

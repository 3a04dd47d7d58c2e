import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import type { Database, DialectName } from '../src/server/db/database';
import { redactChanges } from '../src/server/register/changes.repository';
import { CHANGE_INSERT, createdFields } from '../src/server/register/import/import.repository';
import {
  checkRegisterFile,
  importRegister,
  ownerAuthority,
} from '../src/server/register/import/import.usecases';
import { readRegisterFile } from '../src/server/register/import/readers';
import { residentSearchKeys } from '../src/server/register/searchKeys';
import { collectGarbage, line, mb, ratio, round, rssSampler, timed } from './lib/measure';
import { createTarget, type TableRows } from './lib/targets';

/**
 * The import half of the register benchmark, run by `register.ts` in a child process of its own:
 * `node --import tsx bench/registerImport.ts DIALECT FILE ROWS` prints its lines, then one line
 * `RESULT_MARKER + JSON`.
 */
export const RESULT_MARKER = '@@bench-result ';

const clock = () => new Date();

async function emptyCommunity(database: Database, communityId: string = randomUUID()): Promise<string> {
  const at = new Date().toISOString();
  const subdistrictId = randomUUID();
  await database.db
    .insertInto('subdistrict')
    .values({ id: subdistrictId, name: '街道', district: '区', created_at: at })
    .execute();
  await database.db
    .insertInto('community')
    .values({ id: communityId, subdistrict_id: subdistrictId, name: '导入社区', created_at: at })
    .execute();
  return communityId;
}

async function readerAlone(file: string) {
  let rows = 0;
  const { ms } = await timed(() =>
    readRegisterFile(file, () => () => {
      rows++;
    }),
  );
  return { rows, ms };
}

/**
 * The rows the import writes — buildings, entrances, households, residents and one history row each —
 * as plain rows, with the same ordered (version 7) ids.
 */
async function rawRows(file: string, communityId: string) {
  const { residents } = await checkRegisterFile(file);
  const at = new Date().toISOString();
  const buildings = new Map<string, string>();
  const entrances = new Map<string, string>();
  const households = new Map<string, string>();
  const rows: Record<'building' | 'entrance' | 'household' | 'resident' | 'register_change', unknown[][]> = {
    building: [],
    entrance: [],
    household: [],
    resident: [],
    register_change: [],
  };
  for (const r of residents) {
    let buildingId = buildings.get(r.building);
    if (!buildingId) {
      buildingId = randomUUID();
      buildings.set(r.building, buildingId);
      rows.building.push([buildingId, communityId, r.building, null, 12, at]);
    }
    const entranceKey = `${r.building}-${r.entrance}`;
    let entranceId = entrances.get(entranceKey);
    if (!entranceId) {
      entranceId = randomUUID();
      entrances.set(entranceKey, entranceId);
      rows.entrance.push([entranceId, buildingId, r.entrance, at]);
    }
    const householdKey = `${entranceKey}-${r.room}`;
    let householdId = households.get(householdKey);
    if (!householdId) {
      householdId = uuidv7();
      households.set(householdKey, householdId);
      rows.household.push([householdId, communityId, buildingId, entranceId, r.floor, r.room, at, null]);
    }
    const keys = residentSearchKeys(r.name, r.phone);
    const residentId = uuidv7();
    rows.register_change.push([
      uuidv7(),
      at,
      null,
      communityId,
      householdId,
      residentId,
      'import',
      JSON.stringify(redactChanges(createdFields(r))),
    ]);
    rows.resident.push([
      residentId,
      communityId,
      householdId,
      r.name,
      r.gender,
      r.birthDate,
      r.idNumber,
      r.phone,
      r.relation,
      'zh-CN',
      at,
      at,
      keys.name_pinyin,
      keys.name_initials,
      keys.phone_tail,
    ]);
  }
  const batches: TableRows[] = [
    {
      table: 'building',
      columns: ['id', 'community_id', 'number', 'name', 'floors', 'created_at'],
      rows: rows.building,
    },
    { table: 'entrance', columns: ['id', 'building_id', 'number', 'created_at'], rows: rows.entrance },
    {
      table: 'household',
      columns: [
        'id',
        'community_id',
        'building_id',
        'entrance_id',
        'floor',
        'room',
        'created_at',
        'moved_out_at',
      ],
      rows: rows.household,
    },
    {
      table: 'resident',
      columns: [
        'id',
        'community_id',
        'household_id',
        'name',
        'gender',
        'birth_date',
        'id_number',
        'phone',
        'relation',
        'preferred_language',
        'created_at',
        'updated_at',
        'name_pinyin',
        'name_initials',
        'phone_tail',
      ],
      rows: rows.resident,
    },
    {
      table: 'register_change',
      columns: CHANGE_INSERT,
      rows: rows.register_change,
    },
  ];
  return { batches, residents: rows.resident.length, households: rows.household.length };
}

/** The raw rows written in one transaction into a fresh database of the benchmark's own. */
async function rawWrite(
  dialect: DialectName,
  pgUrl: string | undefined,
  raw: Awaited<ReturnType<typeof rawRows>>,
  communityId: string,
  copy: boolean,
) {
  const target = await createTarget(dialect, copy ? 'copy' : 'raw', pgUrl);
  try {
    await emptyCommunity(target.database, communityId);
    const sink = await target.bulk({ durable: true, copy });
    try {
      const { ms } = await timed(() => sink.insert(raw.batches));
      return { rowsPerSecond: raw.residents / (ms / 1000), ms };
    } finally {
      await sink.close();
    }
  } finally {
    await target.drop();
  }
}

/**
 * The best import / reader ratio any import could reach in this run, from two lower bounds on its time.
 * SQLite: the import reads and writes on the one thread better-sqlite3 runs on, so it takes at least the
 * reader plus the raw INSERT of its rows. PostgreSQL: reading can overlap the server's work, but the
 * import cannot end before the server has taken its rows, which takes at least their COPY.
 * The raw rows are the import's own, less its lookups and checks, so the true ceiling is lower still.
 */
function importCeiling(dialect: DialectName, readerMs: number, writeMs: number) {
  const boundMs = dialect === 'sqlite' ? readerMs + writeMs : Math.max(readerMs, writeMs);
  return {
    ratio: ratio(readerMs, boundMs),
    reason:
      dialect === 'sqlite'
        ? 'reader + raw INSERT on one thread'
        : 'the server cannot take the rows faster than their COPY',
  };
}

export async function importFigures(
  dialect: DialectName,
  file: string,
  rowsInFile: number,
  pgUrl: string | undefined,
) {
  console.log(`\n[${dialect}] import of ${rowsInFile.toLocaleString('en')} rows`);
  const reader = await readerAlone(file);
  line(
    'streaming reader alone (baseline)',
    `${Math.round(reader.rows / (reader.ms / 1000))} rows/s (${round(reader.ms / 1000)} s)`,
  );

  const target = await createTarget(dialect, 'import', pgUrl);
  try {
    const communityId = await emptyCommunity(target.database);
    const authority = await ownerAuthority(target.database.db, communityId);
    collectGarbage();
    const memory = rssSampler(50);
    const imported = await timed(() =>
      importRegister({ db: target.database.db, clock }, authority, file, {
        dryRun: false,
        communityId,
        lang: 'zh-CN',
      }),
    );
    const rss = memory.stop();
    const report = imported.result;
    const importRate = rowsInFile / (imported.ms / 1000);
    const readerRate = reader.rows / (reader.ms / 1000);
    line(
      'full import (dry run = false)',
      `${Math.round(importRate)} rows/s (${round(imported.ms / 1000)} s)`,
    );
    line('  ratio import / reader (goal >= 0.5)', String(ratio(importRate, readerRate)));
    line(
      '  peak RSS (goal < 300 MB)',
      `${rss.peakMB} MB (baseline ${rss.baselineMB} MB, +${rss.growthMB} MB)`,
    );

    const checked = await timed(() => checkRegisterFile(file));
    const checkRate = rowsInFile / (checked.ms / 1000);
    line('read + check, no database', `${Math.round(checkRate)} rows/s (${round(checked.ms / 1000)} s)`);

    const rawCommunity = randomUUID();
    const raw = await rawRows(file, rawCommunity);
    const inserted = await rawWrite(dialect, pgUrl, raw, rawCommunity, false);
    line(
      dialect === 'sqlite' ? 'raw prepared INSERT, one transaction' : 'raw multi-row INSERT, one transaction',
      `${Math.round(inserted.rowsPerSecond)} rows/s (${round(inserted.ms / 1000)} s)`,
    );
    line('  ratio import / raw insert', String(ratio(importRate, inserted.rowsPerSecond)));
    const copied = dialect === 'postgres' ? await rawWrite(dialect, pgUrl, raw, rawCommunity, true) : null;
    if (copied)
      line(
        'raw COPY FROM STDIN, one transaction',
        `${Math.round(copied.rowsPerSecond)} rows/s (${round(copied.ms / 1000)} s)`,
      );
    const ceiling = importCeiling(dialect, reader.ms, copied?.ms ?? inserted.ms);
    line(`  ceiling of import / reader (${ceiling.reason})`, String(ceiling.ratio));

    return {
      rows: rowsInFile,
      fileMB: mb(fs.statSync(file).size),
      outcome: {
        committed: report.committed,
        dataRows: report.summary.data_rows,
        importableRows: report.summary.importable_rows,
        errorRows: report.summary.error_rows,
        createdHouseholds: report.created.households,
        createdResidents: report.created.residents,
      },
      reader: { rowsPerSecond: Math.round(readerRate), seconds: round(reader.ms / 1000) },
      import: { rowsPerSecond: Math.round(importRate), seconds: round(imported.ms / 1000) },
      ratioImportToReader: ratio(importRate, readerRate),
      goalImportToReader: 0.5,
      readAndCheck: {
        rowsPerSecond: Math.round(checkRate),
        seconds: round(checked.ms / 1000),
        ratioToReader: ratio(checkRate, readerRate),
      },
      rawInsert: {
        method:
          dialect === 'sqlite'
            ? 'better-sqlite3 prepared INSERT per row, one transaction, WAL + synchronous=FULL as the app'
            : 'pg multi-row INSERT (1,000 rows a statement), one transaction',
        rowsPerSecond: Math.round(inserted.rowsPerSecond),
        seconds: round(inserted.ms / 1000),
        households: raw.households,
        ratioImportToRaw: ratio(importRate, inserted.rowsPerSecond),
      },
      ...(copied && {
        rawCopy: {
          method: 'COPY FROM STDIN (pg-copy-streams), one table after another, one transaction',
          rowsPerSecond: Math.round(copied.rowsPerSecond),
          seconds: round(copied.ms / 1000),
          ratioImportToCopy: ratio(importRate, copied.rowsPerSecond),
        },
      }),
      ceiling,
      memory: { ...rss, goalPeakMB: 300, sampledEveryMs: 50 },
      growth:
        'The import streams rows into its one open transaction in batches of 500 (multi-row INSERTs, lookups ' +
        'by batch), keeping only the cross-row keys (ID numbers, addresses) and the issues, so memory grows ' +
        'slowly with the file; time grows linearly with rows.',
    };
  } finally {
    await target.drop();
  }
}

export type ImportFigures = Awaited<ReturnType<typeof importFigures>>;

async function main(): Promise<void> {
  const [dialect, file, rows] = process.argv.slice(2);
  if ((dialect !== 'sqlite' && dialect !== 'postgres') || !file || !rows)
    throw new Error('usage: DIALECT FILE ROWS');
  const figures = await importFigures(
    dialect,
    file,
    Number(rows),
    process.env.LINLI_BENCH_PG_URL || undefined,
  );
  console.log(RESULT_MARKER + JSON.stringify(figures));
}

if (
  process.argv[1] &&
  fs.realpathSync(process.argv[1]) === fs.realpathSync(new URL(import.meta.url).pathname)
) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

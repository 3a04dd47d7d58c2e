import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { seedDemo } from '../../src/server/seed/demo';
import { TEST_SHAPE } from './testApp';

const CLI = path.resolve('src/cli/main.ts');

/** A SQLite data folder with the test demo, for a server process; returns the building leader's first household. */
export async function seedDataFolder(dataDir: string): Promise<{ householdId: string }> {
  const database = openDatabase({ dataDir });
  try {
    await migrateToLatest(database);
    await seedDemo(database.db, () => new Date(), { shape: TEST_SHAPE });
    const leader = await database.db
      .selectFrom('household_assignment')
      .innerJoin('liaison_position', 'liaison_position.id', 'household_assignment.position_id')
      .innerJoin('user_account', 'user_account.id', 'liaison_position.user_id')
      .select('household_assignment.household_id')
      .where('user_account.username', '=', 'buildingleader')
      .executeTakeFirstOrThrow();
    return { householdId: leader.household_id };
  } finally {
    await database.close();
  }
}

/** A port nobody listens on right now (the system's choice), so runs side by side do not collide. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A real Linli server in its own process (API only), to be killed as a power cut would. */
export async function startServerProcess(env: Record<string, string>, port: number) {
  // tsx loaded into node itself (not the tsx wrapper, which would run the server in a grandchild that
  // survives SIGKILL of the wrapper).
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'serve', '--no-web', '--no-demo'],
    {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (child.signalCode !== null) throw new Error(`server died with ${child.signalCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > 60_000) throw new Error('server did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid ?? 0,
    /** SIGKILL: no shutdown, no flush, nothing the process can do about it. */
    async kill() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

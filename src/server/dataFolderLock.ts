import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds a data folder: written into `linli.lock` by the holder. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

const LOCK_FILE = 'linli.lock';

/** The data folder is held by another live process; says which. Chinese first, then English. */
export class DataFolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `数据文件夹 ${dataDir} 正在被「linli ${holder.command}」使用（${holder.host} 上的进程 ${holder.pid}，自 ${holder.since} 起）。请先停止它。\n` +
        `The data folder ${dataDir} is in use by "linli ${holder.command}" (process ${holder.pid} on ${holder.host}, since ${holder.since}). Stop it first.`,
    );
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? (holder as LockHolder) : null;
  } catch {
    // Gone, or cut short by a crash between creating and writing it: nobody holds the folder.
    return null;
  }
}

/** A process on another machine (a shared folder) cannot be checked from here, so it counts as alive. */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
  // Our own pid from before this process started: a container restarted after a crash reuses its pids.
  if (holder.pid === process.pid) return Date.parse(holder.since) >= Date.now() - process.uptime() * 1000;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process (`linli serve`, `linli restore`), so that a restore never
 * replaces the database under a running server, nor a server opens it halfway through a restore.
 * A lock left by a process that has died (killed, power cut) is taken over. Returns the release.
 */
export function lockDataFolder(dataDir: string, command: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    const holder = readHolder(file);
    if (holder && isAlive(holder)) throw new DataFolderInUse(dataDir, holder);
    fs.rmSync(file, { force: true });
  }
  return () => {
    if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
}

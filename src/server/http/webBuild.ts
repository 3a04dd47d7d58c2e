import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_SOURCE_DIR = path.join(REPO_ROOT, 'src/web');
const SHARED_SOURCE_DIR = path.join(REPO_ROOT, 'src/shared');
export const WEB_BUILD_DIR = path.join(REPO_ROOT, 'dist/web');

function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestModification(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** The build is stale when any source of the web app (or the contracts it shares) is newer than it. */
export function webBuildIsStale(): boolean {
  const index = path.join(WEB_BUILD_DIR, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(
    newestModification(WEB_SOURCE_DIR),
    newestModification(SHARED_SOURCE_DIR),
    fs.statSync(path.join(REPO_ROOT, 'vite.config.ts')).mtimeMs,
  );
  return sources > built;
}

/**
 * Builds the web app with Vite when its build is missing or older than its sources, so `npm start` needs
 * no separate build step. Vite is loaded only then: a server started from a current build never loads it.
 */
export async function ensureWebBuild(log: (message: string) => void): Promise<string> {
  if (!fs.existsSync(WEB_SOURCE_DIR)) return WEB_BUILD_DIR;
  if (webBuildIsStale()) {
    log('Building the web app (Vite)… / 正在构建网页…');
    const { build } = await import('vite');
    // Under a test runner NODE_ENV is `test`, and Vite would then bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: path.join(REPO_ROOT, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  return WEB_BUILD_DIR;
}

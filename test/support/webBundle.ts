import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** One chunk of Vite's build manifest (`build.manifest: true` in vite.config.ts). */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/**
 * What a first visit to each page makes the phone fetch, as manifest keys: the page's HTML entry, the
 * lazily loaded route, and for the staff app the dictionary of its default language (fetched before the
 * first render). Each key brings everything it imports statically.
 */
export const FIRST_LOADS = {
  'public pages (/b/, /r/, /n/) and the sign-in (/login)': ['public.html'],
  // The frame, the home and the Chinese words come with the entry itself (App.tsx, i18n/staff.ts).
  "building leader's home (/)": ['index.html'],
} as const satisfies Record<string, readonly string[]>;

/**
 * The issue's budgets, JavaScript gzipped: each public page ≤ 120 KB, the staff app's first load ≤ 350 KB.
 * The sign-in is a page of the light bundle, so it is held to the public pages' budget. The building
 * leader's home is drawn without antd since 2026-12-08 (200 KB, from 326 KB): held to 230 KB, so antd or
 * another library of its size cannot come back to it unnoticed.
 */
export const BUDGET_BYTES: Record<keyof typeof FIRST_LOADS, number> = {
  'public pages (/b/, /r/, /n/) and the sign-in (/login)': 120 * 1024,
  "building leader's home (/)": 230 * 1024,
};

export interface FirstLoad {
  name: keyof typeof FIRST_LOADS;
  files: string[];
  gzipBytes: number;
  rawBytes: number;
  budgetBytes: number;
}

export function readManifest(buildDir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(buildDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

function staticClosure(manifest: Manifest, key: string, into: Set<string>): void {
  if (into.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`The build has no chunk for ${key}.`);
  into.add(key);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
}

/** Each first load's JavaScript, gzipped at level 9 as the build's .gz files are. */
export function measureFirstLoads(buildDir: string): FirstLoad[] {
  const manifest = readManifest(buildDir);
  return (Object.keys(FIRST_LOADS) as (keyof typeof FIRST_LOADS)[]).map((name) => {
    const keys = new Set<string>();
    for (const key of FIRST_LOADS[name]) staticClosure(manifest, key, keys);
    const files = [...keys]
      .map((key) => manifest[key]?.file)
      .filter((file): file is string => !!file && file.endsWith('.js'));
    const contents = files.map((file) => fs.readFileSync(path.join(buildDir, file)));
    return {
      name,
      files,
      gzipBytes: contents.reduce((sum, bytes) => sum + zlib.gzipSync(bytes, { level: 9 }).length, 0),
      rawBytes: contents.reduce((sum, bytes) => sum + bytes.length, 0),
      budgetBytes: BUDGET_BYTES[name],
    };
  });
}

/** A production build of the web app in a folder of its own, so it never races the server's dist/web. */
export async function buildWebInto(prefix: string): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const { build } = await import('vite');
  // Under vitest NODE_ENV is `test`, and Vite would then bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.resolve(import.meta.dirname, '../../vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

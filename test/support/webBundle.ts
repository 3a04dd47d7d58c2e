import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** One chunk of Vite's build manifest (`build.manifest: true`). */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface RouteBundle {
  /** The page module, as Vite names it in the manifest (`features/public/PublicReportPage.tsx`). */
  page: string;
  /** Every JavaScript file the browser must fetch to show the page: the entry, the page and what they import. */
  files: string[];
  /** Their sizes gzipped at level 9, summed. */
  gzipBytes: number;
  rawBytes: number;
}

export function readManifest(buildDir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(buildDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** The chunk and everything it imports statically: what must arrive before it can run. */
function staticClosure(manifest: Manifest, key: string, into: Set<string>): void {
  if (into.has(key)) return;
  into.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(manifest, imported, into);
}

/** What a first visit to a page costs: the entry's static closure plus the lazily loaded page's. */
export function routeBundle(buildDir: string, page: string): RouteBundle {
  const manifest = readManifest(buildDir);
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error('The build manifest has no entry.');
  if (!manifest[page]) throw new Error(`The build has no chunk for ${page}.`);
  const keys = new Set<string>();
  staticClosure(manifest, entry, keys);
  staticClosure(manifest, page, keys);
  const files = [...keys].map((key) => manifest[key]?.file).filter((file): file is string => !!file);
  const full = files.map((file) => path.join(buildDir, file));
  return {
    page,
    files,
    gzipBytes: full.reduce((sum, file) => sum + gzipSize(file), 0),
    rawBytes: full.reduce((sum, file) => sum + fs.statSync(file).size, 0),
  };
}

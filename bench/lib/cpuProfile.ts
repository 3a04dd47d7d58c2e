import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: the app's own module, a dependency, or node/V8. */
function origin(url: string): string {
  if (!url) return '(native/V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1).replace(/^file:\/\//, '');
  if (url.startsWith('node:')) return url;
  return path.basename(url);
}

/**
 * Sums a V8 CPU profile (from `--cpu-prof`) by self time: the top functions, the top modules, and the
 * share of each module *including* what it calls (inclusive time, counted once per sample per module).
 */
export function summarizeCpuProfile(file: string, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalUs = profile.endTime - profile.startTime;
  const fnSelf = new Map<string, number>();
  const moduleSelf = new Map<string, number>();
  const moduleInclusive = new Map<string, number>();
  const appFnInclusive = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') idleUs += us;
    const key = `${functionName || '(anonymous)'} ${origin(url)}:${lineNumber + 1}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    const mod = origin(url);
    moduleSelf.set(mod, (moduleSelf.get(mod) ?? 0) + us);
    // Inclusive: every module on the stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur);
      if (!frame?.callFrame.url) continue;
      const m = origin(frame.callFrame.url);
      if (m.startsWith('src/')) {
        const fn = `${frame.callFrame.functionName || '(anonymous)'} ${m}:${frame.callFrame.lineNumber + 1}`;
        if (!seen.has(fn)) {
          seen.add(fn);
          appFnInclusive.set(fn, (appFnInclusive.get(fn) ?? 0) + us);
        }
      }
      if (seen.has(m)) continue;
      seen.add(m);
      moduleInclusive.set(m, (moduleInclusive.get(m) ?? 0) + us);
    }
  }
  const busyUs = totalUs - idleUs;
  const rank = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        pctOfBusy: Math.round((1000 * us) / busyUs) / 10,
      }));
  return {
    wallMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    topFunctionsBySelf: rank(fnSelf, top),
    topModulesBySelf: rank(moduleSelf, 20),
    topModulesInclusive: rank(moduleInclusive, 25),
    /** The app's own functions with everything they call (async work after an await is not included). */
    topAppFunctionsInclusive: rank(appFnInclusive, 30),
  };
}

/** The main thread's profile: tsx's loader thread writes a small one of its own beside it. */
export function largestProfile(dir: string): string | undefined {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  return files[0];
}

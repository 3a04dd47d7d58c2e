import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * The load generator's HTTP: node's own http client with a keep-alive agent. It is the lightest client
 * node has (fetch costs about twice the CPU per request), which matters when generator and server share
 * 2 cores; every benchmark target — the app and the bare baseline — gets the same client.
 */
export function keepAliveAgent(maxSockets = 256) {
  return new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
}

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function request(
  agent: http.Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = http.request(url, { agent, method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(agent: http.Agent, base: string, username: string, password: string) {
  const res = await request(agent, `${base}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${res.body}`);
  const setCookie = res.headers['set-cookie'] ?? [];
  const cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c?.startsWith('linli_session=')) ?? '';
  return { cookie, csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken } satisfies Session;
}

export interface FeedEvent {
  kind: string;
  reportId: string;
  /** `report.createdAt`: when the server saved the report (server clock = this machine's clock). */
  createdAt: string;
  /** Date.now() and performance.now() when the event's last byte was read. */
  receivedAtMs: number;
  receivedPerf: number;
}

/**
 * One live-feed screen: a long-lived GET /api/v1/feed on a connection of its own, parsing `report`
 * events as they arrive (the same framing as test/support/sse.ts, without fetch's stream overhead).
 */
export function openFeedListener(
  base: string,
  cookie: string,
  onEvent: (event: FeedEvent) => void,
): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}/api/v1/feed`,
      { agent: false, headers: { cookie, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`feed answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const receivedAtMs = Date.now();
          const receivedPerf = performance.now();
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (!block.startsWith('event: report')) continue;
            const dataAt = block.indexOf('\ndata: ');
            if (dataAt < 0) continue;
            const data = JSON.parse(block.slice(dataAt + 7)) as {
              kind: string;
              report: { id: string; createdAt: string };
            };
            onEvent({
              kind: data.kind,
              reportId: data.report.id,
              createdAt: data.report.createdAt,
              receivedAtMs,
              receivedPerf,
            });
          }
        });
        res.on('error', () => undefined);
        resolve({ close: () => req.destroy() });
      },
    );
    req.on('error', (error) => reject(error));
  });
}

/** Events per second of a sorted list of times (ms), in windows of `windowMs`. */
export function perWindow<T>(items: readonly T[], at: (item: T) => number, start: number, windowMs: number) {
  const windows: T[][] = [];
  for (const item of items) {
    const i = Math.floor((at(item) - start) / windowMs);
    if (i < 0) continue;
    while (windows.length <= i) windows.push([]);
    windows[i]?.push(item);
  }
  return windows;
}

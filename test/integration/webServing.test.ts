import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { configFromEnv } from '../../src/server/config';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/**
 * How the server hands the web app to a phone (issue 17): the build's precompressed copies, a year's
 * cache for hashed assets and none for the pages, the residents' page for QR addresses, and compressed
 * API answers. A small folder laid out as Vite builds it stands in for the build.
 */
describe('serving the web app', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let webDir = '';
  const script = `console.log(${JSON.stringify('邻里'.repeat(400))});\n`;

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-web-serving-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(webDir, name), text);
      fs.writeFileSync(path.join(webDir, `${name}.br`), zlib.brotliCompressSync(text));
      fs.writeFileSync(path.join(webDir, `${name}.gz`), zlib.gzipSync(text));
    };
    write('index.html', '<!doctype html><title>staff app</title>');
    write('public.html', '<!doctype html><title>residents</title>');
    write('assets/index-Ab12Cd34.js', script);
    fs.writeFileSync(path.join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    database = await createTestDatabase('sqlite');
    app = await buildApp({
      database,
      clock: () => new Date('2026-11-29T02:00:00Z'),
      config: configFromEnv({}, { dataDir: database.dataDir }),
      logger: false,
      webDir,
    });
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('sends the brotli copy of a hashed asset, cached for a year', async () => {
    const res = await app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends gzip to a browser without brotli, and the file as it is to one that takes neither', async () => {
    const gz = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);
    const plain = await app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('asks for the pages and the service worker again each time', async () => {
    for (const url of ['/', '/households/123', '/sw.js']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('answers the residents’ addresses and the sign-in with the light page and every other with the staff app', async () => {
    for (const url of ['/b/3f0c', '/r/token123', '/n/abc', '/login', '/login?from=%2Fcare']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(zlib.brotliDecompressSync(res.rawPayload).toString(), url).toContain('residents');
    }
    for (const url of ['/', '/loginx', '/reports/new', '/b']) {
      const res = await app.inject({ url });
      expect(res.body, url).toContain('staff app');
    }
  });

  it('compresses an API answer of more than a kilobyte, and leaves a small one alone', async () => {
    const big = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
    expect(big.statusCode).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    const doc = JSON.parse(zlib.brotliDecompressSync(big.rawPayload).toString()) as { openapi: string };
    expect(doc.openapi).toMatch(/^3\./);
    const small = await app.inject({ url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toMatchObject({ status: 'ok' });
  });
});

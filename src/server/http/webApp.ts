import zlib from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Vite names every file under assets/ after a hash of its content: a given URL never changes what it holds. */
const HASHED_ASSET = /[/\\]assets[/\\]/;
const FOREVER = 'public, max-age=31536000, immutable';
/** The pages and the service worker are asked for again each time, so a new version reaches the phone. */
const REVALIDATE = 'no-cache';

/**
 * Every text answer compressed, brotli where the browser takes it. Brotli's default quality (11) costs
 * tens of milliseconds per answer; 4 compresses JSON nearly as well at the cost of gzip. The web app's own
 * files are compressed once, at build time, at the highest quality (vite.config.ts).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}

/** The built web app: precompressed files when the browser accepts them, hashed assets cached for a year. */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    setHeaders: (reply, filePath) =>
      reply.header('cache-control', HASHED_ASSET.test(filePath) ? FOREVER : REVALIDATE),
  });
}

/**
 * The residents' pages reached by a QR code (`/b/`, `/r/`, `/n/`) and the staff's sign-in (`/login`) are a
 * light page of their own with none of the staff app in it; every other path outside the API is the staff
 * app, which routes it in the browser.
 */
export function webPageFor(url: string): 'public.html' | 'index.html' {
  return LIGHT_PAGE.test(url) ? 'public.html' : 'index.html';
}

const LIGHT_PAGE = /^\/([brn]\/|login(\?|$))/;

/** A GET outside /api that is no file answers the page that routes it. */
export function spaFallback(req: FastifyRequest, reply: FastifyReply): FastifyReply | null {
  if (req.url.startsWith('/api')) return null;
  return reply.header('cache-control', REVALIDATE).type('text/html').sendFile(webPageFor(req.url));
}

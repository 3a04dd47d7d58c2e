import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';
import { requestLanguage } from './language';

/**
 * The dotted path of the first string holding U+0000 in a parsed request part, or null. PostgreSQL
 * cannot store the character in text at all (`invalid byte sequence for encoding UTF8: 0x00`), and no
 * person types it, so it is refused everywhere alike instead of in each contract.
 */
export function nulField(value: unknown, at = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return at ? `${at}.${key}` : key;
    const found = nulField(inner, at ? `${at}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Two rules every request passes, set once on the root so no route can forget them:
 * - a NUL byte anywhere in the path, query or body is `400 request.invalid` naming the field;
 * - every answer under `/api/` says `Cache-Control: no-store` (a route may ask for more, e.g. `private`),
 *   because almost all of them carry personal data and the few that do not (health, the public form's
 *   choices) are small and cheap to ask again; only the web app's own files may be cached.
 */
export function registerRequestHygiene(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });
  app.addHook('preValidation', (req, _reply, done) => {
    const found = nulField(req.params) ?? nulField(req.query) ?? nulField(req.body);
    if (found === null) return done();
    const field = found || 'body';
    const detail =
      requestLanguage(req) === 'en'
        ? `${field} contains a NUL character (U+0000), which cannot be saved`
        : `${field} 里有无法保存的空字符（U+0000）`;
    done(new AppError('request.invalid', { detail }, field));
  });
}

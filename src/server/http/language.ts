import type { FastifyRequest } from 'fastify';
import type { Language } from '../../shared/errors';

/** Chinese unless the caller asks for English first. */
export function requestLanguage(req: FastifyRequest): Language {
  const header = req.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

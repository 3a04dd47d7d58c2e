import { randomUUID } from 'node:crypto';
import type { SignedIn } from './testApp';

/** A multipart/form-data body with one file in the field `file`, as a browser sends an upload. */
export function multipartFile(content: Buffer, filename: string, type = 'application/octet-stream') {
  const boundary = `----linli${randomUUID().replaceAll('-', '')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function postFile(
  session: SignedIn,
  url: string,
  file: { content: Buffer; filename: string; type?: string },
  headers: Record<string, string> = {},
) {
  const body = multipartFile(file.content, file.filename, file.type);
  return session.post(url, body.payload, { ...body.headers, ...headers });
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from '../http/errors';

export interface ImageKind {
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  ext: 'jpg' | 'png' | 'webp';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type by its first bytes, whatever its name or declared type says; null for anything else. */
export function sniffImage(b: Buffer): ImageKind | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { mime: 'image/jpeg', ext: 'jpg' };
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return { mime: 'image/png', ext: 'png' };
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    return { mime: 'image/webp', ext: 'webp' };
  }
  return null;
}

/**
 * Bounds of a decode: a phone's photo is 12–50 megapixels; more is refused rather than allowed to take the
 * server's memory (the pixels of 64 MP are 256 MB).
 */
const DECODE_LIMITS = { megapixels: 64, memoryMb: 512 };

const require = createRequire(import.meta.url);
const MODULES = { jpeg: require.resolve('jpeg-js'), png: require.resolve('pngjs') };

/**
 * Decoding runs in a worker thread of its own: jpeg-js is plain JavaScript and takes seconds of CPU on a
 * large photo, which on the main thread would stall every other request meanwhile.
 */
const DECODER = `
const { parentPort, workerData } = require('node:worker_threads');
const { kind, bytes, modules, limits } = workerData;
try {
  const image =
    kind === 'image/jpeg'
      ? require(modules.jpeg).decode(Buffer.from(bytes), {
          useTArray: true,
          maxResolutionInMP: limits.megapixels,
          maxMemoryUsageInMB: limits.memoryMb,
        })
      : require(modules.png).PNG.sync.read(Buffer.from(bytes));
  parentPort.postMessage({ ok: image.width > 0 && image.height > 0 });
} catch {
  parentPort.postMessage({ ok: false });
}
`;

function decodes(kind: 'image/jpeg' | 'image/png', bytes: Buffer): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DECODER, {
      eval: true,
      workerData: { kind, bytes, modules: MODULES, limits: DECODE_LIMITS },
    });
    worker.once('message', (answer: { ok: boolean }) => resolve(answer.ok));
    worker.once('error', reject);
    worker.once('exit', () => resolve(false));
  });
}

/**
 * WebP has no decoder for Node that needs no native binary; its container is checked instead: the RIFF
 * size is the file's, the chunks fill it exactly, and the image chunk carries its codec's signature.
 */
function webpIsWhole(b: Buffer): boolean {
  if (b.length < 20 || b.readUInt32LE(4) + 8 !== b.length) return false;
  let offset = 12;
  let image = false;
  while (offset + 8 <= b.length) {
    const fourcc = b.toString('latin1', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    const data = offset + 8;
    if (data + size > b.length) return false;
    if (fourcc === 'VP8 ')
      image ||= size >= 10 && b[data + 3] === 0x9d && b[data + 4] === 0x01 && b[data + 5] === 0x2a;
    if (fourcc === 'VP8L') image ||= size >= 5 && b[data] === 0x2f;
    if (fourcc === 'ANMF') image = true;
    offset = data + size + (size % 2);
  }
  return image && offset === b.length;
}

/**
 * An upload is kept only if it is a whole image: its first bytes name the type, and it then decodes
 * (JPEG, PNG) or its container holds together (WebP). A picture's header followed by a web page is
 * refused, so nothing but images lies among the photos and receipts.
 */
export async function checkImage(bytes: Buffer): Promise<ImageKind> {
  const kind = sniffImage(bytes);
  if (!kind) throw new AppError('reports.photo_type');
  const whole = kind.mime === 'image/webp' ? webpIsWhole(bytes) : await decodes(kind.mime, bytes);
  if (!whole) throw new AppError('reports.photo_unreadable');
  return kind;
}

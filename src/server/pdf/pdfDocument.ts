import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/**
 * Noto Sans SC (OFL) from an npm package, so a PDF needs no font of the operating system: one whole
 * TTF per weight rather than webfont shards split by unicode range, which pdfkit could not use.
 * pdfkit subsets it, so a document carries only the glyphs it prints.
 */
const CJK_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

export interface PdfInfo {
  title: string;
  createdAt: Date;
}

/**
 * An A4 document with the Chinese font registered as `cjk`, and its bytes when ended. One face only:
 * headings stand out by size, and each document embeds one subset.
 */
export function newPdf(
  info: PdfInfo,
  options: { margin?: number; bufferPages?: boolean } = {},
): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: options.margin ?? 48,
    bufferPages: options.bufferPages ?? false,
    info: { Title: info.title, Author: 'Linli 邻里', CreationDate: info.createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', CJK_REGULAR);
  doc.font('cjk');
  return { doc, done };
}

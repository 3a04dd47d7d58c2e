import fs from 'node:fs';
import unzipper from 'unzipper';
import { AppError } from '../../http/errors';

const MB = 1024 * 1024;

/**
 * What an `.xlsx` may inflate to. A district's register of 100,000 residents is about 8 MB zipped and
 * under 150 MB unzipped, its shared strings (names and addresses, each once) under 20 MB. Shared strings
 * are bounded more tightly than the rest because exceljs keeps them all in memory; sheets are streamed.
 */
export const XLSX_LIMITS = {
  totalBytes: 400 * MB,
  partBytes: 256 * MB,
  sharedStringsBytes: 32 * MB,
  parts: 1000,
};

function tooLarge(limitBytes: number, part: string): AppError {
  return new AppError('import.too_large', { mb: Math.round(limitBytes / MB), part });
}

/**
 * Inflates every part of the zip once, counting bytes and keeping none, and refuses the file as soon
 * as one part or the whole passes its bound. It uses the same streaming parser as exceljs (unzipper,
 * reading local headers), so it sees exactly the parts and bytes exceljs would, whatever sizes the zip
 * claims. The sizes a zip declares are not trusted: a zip bomb lies about them.
 */
export async function checkXlsxInflation(filePath: string, limits = XLSX_LIMITS): Promise<void> {
  const source = fs.createReadStream(filePath);
  const zip = source.pipe(unzipper.Parse({ forceStream: true }));
  let total = 0;
  let parts = 0;
  try {
    for await (const item of zip) {
      const entry = item as unzipper.Entry;
      // A workbook has a few dozen parts; thousands are no spreadsheet a person saved.
      if (++parts > limits.parts) throw new AppError('import.unreadable_file');
      const bound = entry.path === 'xl/sharedStrings.xml' ? limits.sharedStringsBytes : limits.partBytes;
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        size += chunk.length;
        total += chunk.length;
        if (size > bound) throw tooLarge(bound, entry.path);
        if (total > limits.totalBytes) throw tooLarge(limits.totalBytes, entry.path);
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('import.unreadable_file');
  } finally {
    source.destroy();
    zip.destroy();
  }
}

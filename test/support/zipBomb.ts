import fs from 'node:fs';
import zlib from 'node:zlib';

/** A stretch of a zip part: `data` written `times` times over. */
export interface Stretch {
  data: string;
  times?: number;
}

export interface BombPart {
  name: string;
  stretches: Stretch[];
}

/**
 * Writes a valid `.xlsx`-shaped zip whose parts inflate to far more than the file holds, without ever
 * holding the inflated bytes: each stretch is deflated once with a full flush (byte-aligned, no
 * reference to what came before), so its compressed bytes can be repeated; one final empty block closes
 * the part. Sizes and CRCs are the true ones, as a careful attacker would write them.
 */
export function writeZipBomb(filePath: string, parts: BombPart[]): { bytesOnDisk: number; inflated: number } {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let inflated = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const compressed: Buffer[] = [];
    let crc = 0;
    let size = 0;
    for (const stretch of part.stretches) {
      const data = Buffer.from(stretch.data);
      const deflated = zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_FULL_FLUSH });
      for (let i = 0; i < (stretch.times ?? 1); i++) {
        compressed.push(deflated);
        crc = zlib.crc32(data, crc);
        size += data.length;
      }
    }
    compressed.push(zlib.deflateRawSync(Buffer.alloc(0)));
    const body = Buffer.concat(compressed);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    out.push(local, name, body);
    offset += local.length + name.length + body.length;
    inflated += size;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const file = Buffer.concat([...out, directory, end]);
  fs.writeFileSync(filePath, file);
  return { bytesOnDisk: file.length, inflated };
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="登记表" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_TAIL = '</sheetData></worksheet>';

/** 1 MiB of shared strings, repeated. */
const SHARED_STRING_MIB = '<si><t>张三丰</t></si>'.repeat(Math.floor((1024 * 1024) / 28));
/** 1 MiB of one cell's text, repeated. */
const TEXT_MIB = 'A'.repeat(1024 * 1024);

/**
 * A workbook whose shared strings inflate to `sharedStringsMiB` (every string cached by exceljs), or
 * whose one sheet holds a single cell of `cellMiB` of text.
 */
export function writeXlsxBomb(filePath: string, bomb: { sharedStringsMiB?: number; cellMiB?: number }) {
  const sharedStrings: Stretch[] = [
    {
      data: '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    },
    { data: SHARED_STRING_MIB, times: bomb.sharedStringsMiB ?? 0 },
    { data: '<si><t>姓名</t></si></sst>' },
  ];
  const sheet: Stretch[] = bomb.cellMiB
    ? [
        { data: `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>` },
        { data: TEXT_MIB, times: bomb.cellMiB },
        { data: `</t></is></c></row>${SHEET_TAIL}` },
      ]
    : [{ data: `${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_TAIL}` }];
  return writeZipBomb(filePath, [
    { name: '[Content_Types].xml', stretches: [{ data: CONTENT_TYPES }] },
    { name: '_rels/.rels', stretches: [{ data: RELS }] },
    { name: 'xl/workbook.xml', stretches: [{ data: WORKBOOK }] },
    { name: 'xl/_rels/workbook.xml.rels', stretches: [{ data: WORKBOOK_RELS }] },
    { name: 'xl/sharedStrings.xml', stretches: sharedStrings },
    { name: 'xl/worksheets/sheet1.xml', stretches: sheet },
  ]);
}

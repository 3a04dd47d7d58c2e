import { newPdf } from '../pdf/pdfDocument';

/** One door's notice as printed: to whom, what, from whom, whom to ring, and when. */
export interface DoorNoticePage {
  address: string;
  message: string;
  communityName: string;
  phone: string;
  date: string;
}

/** "3号楼2单元401室": the register's address (3-2-401) as a resident reads it on a door. */
export function doorAddress(h: { buildingNumber: string; entranceNumber: string; room: string }): string {
  const part = (value: string, unit: string) => (/^\d+$/.test(value) ? `${value}${unit}` : value);
  return `${part(h.buildingNumber, '号楼')}${part(h.entranceNumber, '单元')}${part(h.room, '室')}`;
}

/** `2026-12-08` → "2026年12月8日". */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const A4_WIDTH = 595.28;
const HALF = 841.89 / 2;
const SIDE = 48;
const TOP = 36;
const WIDTH = A4_WIDTH - 2 * SIDE;
/** The largest and smallest size the message is set in: as large as fits in its half page. */
const MESSAGE_SIZES = [26, 24, 22, 20, 18, 16];

/**
 * Two notices per A4 page, one on each half, with a dashed line to cut along. Large type: those who
 * read these are mostly old, and a notice is read standing at one's door. The message is set as large
 * as its half page allows; the address, the community, the phone and the date keep their size.
 */
export async function doorNoticesPdf(pages: readonly DoorNoticePage[], at: Date): Promise<Buffer> {
  const { doc, done } = newPdf({ title: '入户通知', createdAt: at }, { margin: 24 });
  pages.forEach((page, index) => {
    if (index > 0 && index % 2 === 0) doc.addPage();
    if (index % 2 === 0) cutLine(doc);
    drawNotice(doc, page, index % 2 === 0 ? 0 : HALF);
  });
  doc.end();
  return done;
}

function cutLine(doc: PDFKit.PDFDocument) {
  doc
    .save()
    .moveTo(24, HALF)
    .lineTo(A4_WIDTH - 24, HALF)
    .lineWidth(1)
    .dash(8, { space: 6 })
    .strokeColor('#555555')
    .stroke()
    .undash()
    .restore();
  doc
    .fillColor('#555555')
    .fontSize(10)
    .text('沿虚线剪开', SIDE, HALF - 16, { width: WIDTH, align: 'right', lineBreak: false });
}

function drawNotice(doc: PDFKit.PDFDocument, page: DoorNoticePage, top: number) {
  doc.fillColor('#000000');
  doc.fontSize(30).text('通　知', SIDE, top + TOP, { width: WIDTH, align: 'center' });
  doc.fontSize(24).text(`${page.address} 住户：`, SIDE, top + TOP + 50, { width: WIDTH });

  const signature = [page.communityName, `电话：${page.phone}`, chineseDate(page.date)];
  const signatureSize = 22;
  const signatureHeight = signature.length * signatureSize * 1.45;
  const messageTop = top + TOP + 96;
  const messageRoom = top + HALF - TOP - signatureHeight - 12 - messageTop;
  // Set as a letter is: the first line indented by two characters.
  const options = (size: number) => ({ width: WIDTH, indent: 2 * size, lineGap: 6 });
  const size =
    MESSAGE_SIZES.find((s) => doc.fontSize(s).heightOfString(page.message, options(s)) <= messageRoom) ?? 16;
  doc
    .fontSize(size)
    .text(page.message, SIDE, messageTop, { ...options(size), height: messageRoom, ellipsis: true });

  let y = top + HALF - TOP - signatureHeight;
  doc.fontSize(signatureSize);
  for (const line of signature) {
    doc.text(line, SIDE, y, { width: WIDTH, align: 'right', lineBreak: false });
    y += signatureSize * 1.45;
  }
}

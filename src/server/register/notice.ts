import QRCode from 'qrcode';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The notice for a building's board (A4 portrait, printable): a QR code to the building's public
 * report page, with large words saying what it is for in Chinese and English.
 */
export async function buildingNoticeSvg(input: {
  url: string;
  buildingNumber: string;
  communityName: string;
}) {
  const qr = await QRCode.toString(input.url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const inner = qr.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(qr)?.[1] ?? 25);
  const scale = 120 / size;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif">
  <rect width="210" height="297" fill="#ffffff"/>
  <text x="105" y="30" font-size="12" text-anchor="middle" fill="#000">${escapeXml(input.communityName)} ${escapeXml(input.buildingNumber)}号楼</text>
  <text x="105" y="52" font-size="15" font-weight="bold" text-anchor="middle" fill="#000">有事找社区，扫码说一声</text>
  <text x="105" y="64" font-size="7" text-anchor="middle" fill="#000">Something wrong? Scan to tell the community</text>
  <g transform="translate(45 80) scale(${scale})">${inner}</g>
  <text x="105" y="218" font-size="7" text-anchor="middle" fill="#000">不用注册，留个手机号，社区会尽快回复您。</text>
  <text x="105" y="228" font-size="5" text-anchor="middle" fill="#000">No account needed: leave a phone number and the community will answer.</text>
  <text x="105" y="250" font-size="5" text-anchor="middle" fill="#333">${escapeXml(input.url)}</text>
</svg>`;
}

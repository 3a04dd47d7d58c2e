import zlib from 'node:zlib';

/**
 * Just enough of a PDF reader for tests: inflates the streams, reads each font's ToUnicode map, and
 * turns the hex glyph strings of the page content back into text. Also counts the pages.
 */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
}

function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /(?<!end)stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    // The stream's own /Length, when its dictionary gives it: a font's compressed bytes may happen to
    // contain the letters "endstream", and cutting there loses that stream and misreads the next.
    const dictionary = text.slice(text.lastIndexOf('<<', m.index), m.index);
    const length = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(dictionary);
    const end = length ? start + Number(length[1]) : text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      out.push(zlib.inflateSync(raw).toString('latin1'));
    } catch {
      out.push(raw.toString('latin1'));
    }
    re.lastIndex = end;
  }
  return out;
}

export function pdfText(pdf: Buffer): string {
  const all = streams(pdf);
  const map = new Map<string, string>();
  const hexToText = (hex: string) => {
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4)
      s += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
    return s;
  };
  for (const s of all) {
    if (!s.includes('begincmap')) continue;
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const line of (block[1] ?? '').matchAll(
        /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
      )) {
        const lo = Number.parseInt(line[1] as string, 16);
        const hi = Number.parseInt(line[2] as string, 16);
        const target = line[3] as string;
        if (target.startsWith('[')) {
          // A hex string may hold spaces (a ligature maps to two characters: <0066 0066> for "ff").
          const items = [...target.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((x) =>
            hexToText((x[1] as string).replace(/\s+/g, '')),
          );
          for (let g = lo; g <= hi; g++) map.set(g.toString(16).padStart(4, '0'), items[g - lo] ?? '');
        } else {
          const base = Number.parseInt(target.slice(1, -1), 16);
          for (let g = lo; g <= hi; g++)
            map.set(g.toString(16).padStart(4, '0'), String.fromCharCode(base + g - lo));
        }
      }
    }
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const line of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        map.set((line[1] as string).toLowerCase().padStart(4, '0'), hexToText(line[2] as string));
      }
    }
  }
  let text = '';
  for (const s of all) {
    if (s.includes('begincmap')) continue;
    for (const op of s.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = op[1]
        ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1] as string)
        : [op[2] as string];
      for (const hex of hexes) {
        for (let i = 0; i + 4 <= hex.length; i += 4) text += map.get(hex.slice(i, i + 4).toLowerCase()) ?? '';
      }
    }
    text += '\n';
  }
  return text;
}

import type { CSSProperties, HTMLAttributes } from 'react';

/** The colour's own hue and saturation at 95 % lightness: the pale fill antd's Tag gives a colour. */
function paleOf(hex: string): string {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => c / 255) as [
    number,
    number,
    number,
  ];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return 'hsl(0 0% 95%)';
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = Math.round(h * 60);
  if (h < 0) h += 360;
  return `hsl(${h} ${Math.round(s * 100)}% 95%)`;
}

/**
 * A label in a colour of its own, written in that colour on a pale fill of it, as antd's Tag draws a
 * colour: plain, because the building leader's home shows these and is drawn without antd. Every colour
 * given keeps ≥ 4.5:1 on its fill.
 */
export function PlainTag({ color, style, ...rest }: HTMLAttributes<HTMLSpanElement> & { color: string }) {
  const look: CSSProperties = { color, background: paleOf(color), ...style };
  return <span className="linli-tag" style={look} {...rest} />;
}

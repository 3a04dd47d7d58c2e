import { Tag } from 'antd';
import type { ReactNode } from 'react';

export type Tone = 'good' | 'bad' | 'pending' | 'info';

/** Words and a symbol, never a colour alone; each fill keeps white text at ≥ 4.5:1 (as in care's tags). */
const LOOK: Record<Tone, { color: string; symbol: string }> = {
  good: { color: '#166534', symbol: '✓' },
  bad: { color: '#b91c1c', symbol: '✗' },
  pending: { color: '#6b4500', symbol: '?' },
  info: { color: '#1d4ed8', symbol: '◔' },
};

export function StateTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  const look = LOOK[tone];
  return (
    <Tag color={look.color} style={{ fontSize: 17, padding: '4px 10px', marginInlineEnd: 0 }}>
      <span aria-hidden="true">{look.symbol}&nbsp;</span>
      {children}
    </Tag>
  );
}

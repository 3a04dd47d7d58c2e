import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedId } from './ids';

describe('time-ordered ids', () => {
  it('are valid version-7 UUIDs that sort by their time', () => {
    const times = [
      '2024-01-31T16:00:00Z',
      '2026-11-29T06:00:00Z',
      '2026-11-29T06:00:00.001Z',
      '2031-05-01T00:00:00Z',
    ];
    const ids = times.map((t) => timeOrderedId(new Date(t)));
    for (const id of ids) {
      expect(z.uuid().safeParse(id).success).toBe(true);
      expect(id[14]).toBe('7');
    }
    expect([...ids].reverse().sort()).toEqual(ids);
    expect(Number.parseInt(ids[1]?.replaceAll('-', '').slice(0, 12) ?? '', 16)).toBe(
      Date.parse(times[1] as string),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { byWalkingOrder, differenceFen } from './deliveries';

describe('delivery order', () => {
  it('walks building by building (10 after 9), entrance, then floor upwards, then door', () => {
    const stop = (buildingNumber: string, entranceNumber: string, floor: number, room: string) => ({
      buildingNumber,
      entranceNumber,
      floor,
      room,
    });
    const sorted = byWalkingOrder([
      stop('10', '1', 1, '101'),
      stop('9', '2', 3, '301'),
      stop('9', '1', 5, '502'),
      stop('9', '1', 2, '202'),
      stop('9', '1', 2, '201'),
    ]);
    expect(sorted.map((s) => `${s.buildingNumber}-${s.entranceNumber}-${s.room}`)).toEqual([
      '9-1-201',
      '9-1-202',
      '9-1-502',
      '9-2-301',
      '10-1-101',
    ]);
  });

  it('a difference is collected minus due; nothing collected is no difference yet', () => {
    expect(differenceFen(18000, 17500)).toBe(-500);
    expect(differenceFen(18000, null)).toBeNull();
  });
});

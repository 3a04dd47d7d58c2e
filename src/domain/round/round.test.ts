import { describe, expect, it } from 'vitest';
import { isoWeekday, mondayOf, pileDays, pilingUp, walkingOrder } from './round';

const door = (b: string, e: string, floor: number, room: string) => ({
  buildingNumber: b,
  entranceNumber: e,
  floor,
  room,
});

describe('walking order', () => {
  const doors = [
    door('10', '1', 1, '101'),
    door('2', '1', 3, '301'),
    door('2', '1', 1, '102'),
    door('2', '1', 1, '101'),
  ];
  it('goes building, entrance, floor from the bottom, door', () => {
    expect(walkingOrder(doors, 'bottom_up').map((d) => d.room)).toEqual(['101', '102', '301', '101']);
  });
  it('walks down from the top when she prefers', () => {
    expect(walkingOrder(doors, 'top_down').map((d) => d.room)).toEqual(['301', '101', '102', '101']);
  });
});

describe('piling up', () => {
  it('waits one day for a resident of 80 or more living alone, two otherwise', () => {
    expect(pileDays([{ birthDate: '1940-01-01' }], '2026-11-29', null)).toBe(1);
    expect(pileDays([{ birthDate: '1947-12-01' }], '2026-11-29', null)).toBe(2);
    expect(pileDays([{ birthDate: '1940-01-01' }, { birthDate: '1942-01-01' }], '2026-11-29', null)).toBe(2);
    expect(pileDays([{ birthDate: '1940-01-01' }], '2026-11-29', 3)).toBe(3);
  });
  it('raises when left papers are not taken for N days, or still there at the next round', () => {
    expect(pilingUp({ oldestLeft: '2026-11-28', seenStillThere: false }, '2026-11-29', 2)).toBeNull();
    expect(pilingUp({ oldestLeft: '2026-11-27', seenStillThere: false }, '2026-11-29', 2)).toEqual({
      reason: 'not_taken',
      days: 2,
    });
    expect(pilingUp({ oldestLeft: '2026-11-29', seenStillThere: true }, '2026-11-29', 2)).toEqual({
      reason: 'still_there',
      days: 0,
    });
  });
});

describe('calendar', () => {
  it('knows Mondays and weekdays', () => {
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2026-11-30')).toBe(1);
  });
});

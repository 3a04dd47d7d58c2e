import { describe, expect, it } from 'vitest';
import { windowEnd } from './deadlines';
import { oneUp, type PathPosition, responsibleOn } from './responsibility';
import { nextState } from './states';

const path: PathPosition[] = [
  { positionId: 'l', tier: 'building_leader' },
  { positionId: 'm', tier: 'party_member' },
  { positionId: 'g', tier: 'group_leader' },
  { positionId: 'b', tier: 'branch' },
  { positionId: 'c', tier: 'committee' },
];

describe('report rules', () => {
  it('gives the report to the lowest tier able to handle it, and moves it up one tier at a time', () => {
    expect(responsibleOn(path, 'building_leader')?.positionId).toBe('l');
    expect(responsibleOn(path, 'party_member')?.positionId).toBe('m');
    expect(responsibleOn(path.slice(2), 'party_member')?.positionId).toBe('g');
    const steps = [];
    let at = responsibleOn(path, 'building_leader');
    while (at) {
      steps.push(at.tier);
      at = oneUp(path, at);
    }
    expect(steps).toEqual(['building_leader', 'party_member', 'group_leader', 'branch', 'committee']);
  });

  it('ends windows in minutes, or on the next working day', () => {
    const fridayMorning = new Date('2026-11-27T01:00:00Z'); // Friday 09:00 in Beijing
    expect(windowEnd(fridayMorning, 'minutes:10').toISOString()).toBe('2026-11-27T01:10:00.000Z');
    expect(windowEnd(fridayMorning, 'working_days:1').toISOString()).toBe('2026-11-30T01:00:00.000Z');
    // Reported on the eve of National Day: the next working day is 8 October.
    const eve = new Date('2026-09-30T10:00:00Z'); // Wednesday 18:00 in Beijing
    expect(windowEnd(eve, 'working_days:1').toISOString()).toBe('2026-10-08T10:00:00.000Z');
  });

  it('allows only the transitions that make sense', () => {
    expect(nextState('new', 'acknowledge')).toBe('acknowledged');
    expect(nextState('resolved', 'acknowledge')).toBeNull();
    expect(nextState('referred', 'reopen')).toBe('in_progress');
    expect(nextState('in_progress', 'note')).toBe('in_progress');
  });
});

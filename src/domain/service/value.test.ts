import { describe, expect, it } from 'vitest';
import { deliveredFen, dueFen, savingsFen, valueOn } from './value';
import { monthsBetween, sessionValue, valueTotals } from './valueReport';

describe('service value', () => {
  const values = [
    { validFrom: '2026-01-01', valueFen: 1500 },
    { validFrom: '2026-12-01', valueFen: 1800 },
  ];

  it('takes the value with the latest date on or before the day', () => {
    expect(valueOn(values, '2025-12-31')).toBeNull();
    expect(valueOn(values, '2026-01-01')).toBe(1500);
    expect(valueOn(values, '2026-11-30')).toBe(1500);
    expect(valueOn(values, '2026-12-01')).toBe(1800);
  });

  it('counts an hourly service by the session length, in whole fen', () => {
    expect(deliveredFen('visit', 1500, 120)).toBe(1500);
    expect(deliveredFen('hour', 4000, 90)).toBe(6000);
    expect(deliveredFen('hour', 1000, 50)).toBe(833);
  });

  it('savings are Σ (market − group) × quantity; the household pays Σ group × quantity', () => {
    const lines = [
      { marketFen: 6000, groupFen: 4500, quantity: 2 },
      { marketFen: 9000, groupFen: 9000, quantity: 1 },
    ];
    expect(savingsFen(lines)).toBe(2 * 1500);
    expect(dueFen(lines)).toBe(2 * 4500 + 9000);
  });

  it('values a session at the value of its day, per building, hourly services by their length', () => {
    const haircut = { unit: 'visit' as const, values };
    const served = [
      { buildingId: 'b1', served: 2 },
      { buildingId: 'b2', served: 1 },
    ];
    expect(sessionValue({ day: '2026-11-29', minutes: 120, service: haircut, served })).toEqual({
      fen: 3 * 1500,
      byBuilding: [
        { buildingId: 'b1', delivered: 2, fen: 3000 },
        { buildingId: 'b2', delivered: 1, fen: 1500 },
      ],
    });
    expect(sessionValue({ day: '2026-12-02', minutes: 120, service: haircut, served }).fen).toBe(3 * 1800);
    const cleaning = { unit: 'hour' as const, values: [{ validFrom: '2026-01-01', valueFen: 1000 }] };
    expect(sessionValue({ day: '2026-11-29', minutes: 50, service: cleaning, served }).fen).toBe(3 * 833);
    // Delivered before any value was set: counted, worth nothing.
    expect(sessionValue({ day: '2025-06-01', minutes: 120, service: haircut, served })).toEqual({
      fen: 0,
      byBuilding: [
        { buildingId: 'b1', delivered: 2, fen: 0 },
        { buildingId: 'b2', delivered: 1, fen: 0 },
      ],
    });
  });

  it('totals by month, service and building add up to the whole', () => {
    const totals = valueTotals(
      [
        { serviceId: 'haircut', month: '2026-11', buildingId: 'b1', delivered: 2, fen: 3000 },
        { serviceId: 'haircut', month: '2026-11', buildingId: 'b2', delivered: 1, fen: 1500 },
        { serviceId: 'haircut', month: '2026-12', buildingId: 'b1', delivered: 1, fen: 1800 },
      ],
      [{ month: '2026-11', buildingId: 'b2', fen: 3000 }],
    );
    expect(totals.servicesFen).toBe(3 * 1500 + 1800);
    expect(totals.savingsFen).toBe(3000);
    expect(Object.fromEntries(totals.servicesByMonth)).toEqual({ '2026-11': 4500, '2026-12': 1800 });
    expect(Object.fromEntries(totals.savingsByMonth)).toEqual({ '2026-11': 3000 });
    expect(Object.fromEntries(totals.byBuilding)).toEqual({ b1: 2 * 1500 + 1800, b2: 1500 + 3000 });
    expect(totals.byService.get('haircut')).toEqual({ fen: 6300, delivered: 4 });
  });

  it('lists every month of a range, across a year end', () => {
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});

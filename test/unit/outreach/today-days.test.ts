import { describe, expect, it } from 'vitest';
import { upcomingDate, upcomingDays } from '../../../core/outreach/today-reasons.js';

const sorted = (days: number[]) => [...days].sort((a, b) => a - b);

describe('the days of the year a date must fall on to come within the horizon', () => {
  it('are the days ahead, today included, across the new year', () => {
    expect(sorted(upcomingDays('2026-12-28', 5))).toEqual([101, 102, 1228, 1229, 1230, 1231]);
  });

  it('take in, on a month’s last day, the days it does not have: a date kept on it falls there', () => {
    expect(sorted(upcomingDays('2027-02-26', 3))).toEqual([226, 227, 228, 229, 230, 231, 301]);
    expect(sorted(upcomingDays('2028-02-28', 1))).toEqual([228, 229, 230, 231]);
    expect(sorted(upcomingDays('2026-04-30', 0))).toEqual([430, 431]);
    // The filter lets through every date that comes, and upcomingDate decides.
    const date = (month: number, day: number) => ({ clientId: 1, label: 'Birthday', month, day, year: null });
    expect(upcomingDate(date(2, 29), '2027-02-26', 3)).toEqual({ on: '2027-02-28', days: 2 });
    expect(upcomingDate(date(2, 30), '2028-02-28', 1)).toEqual({ on: '2028-02-29', days: 1 });
  });
});

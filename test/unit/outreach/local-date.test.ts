import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  localDateOf,
  nextOccurrence,
  yearlyDate,
} from '../../../core/outreach/local-date.js';

describe('local dates', () => {
  it('reads the same instant as the day it is where the boutique is', () => {
    const instant = '2026-05-02T23:30:00Z';
    expect(localDateOf(instant, 'UTC')).toBe('2026-05-02');
    expect(localDateOf(instant, 'Asia/Tokyo')).toBe('2026-05-03');
    expect(localDateOf(instant, 'America/New_York')).toBe('2026-05-02');
    expect(localDateOf('2026-05-03T03:59:00Z', 'America/New_York')).toBe('2026-05-02');
    expect(localDateOf('2026-05-03T04:00:00Z', 'America/New_York')).toBe('2026-05-03');
  });

  it('counts days across months, years and a daylight-saving change', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // Europe's clocks change on the 29th
    expect(daysBetween('2026-01-10', '2026-01-03')).toBe(-7);
  });

  it('keeps a 29 February date on the 28th in other years, and finds the next occurrence from today', () => {
    expect(yearlyDate(2027, 2, 29)).toBe('2027-02-28');
    expect(yearlyDate(2028, 2, 29)).toBe('2028-02-29');
    expect(nextOccurrence('2026-05-03', 5, 3)).toBe('2026-05-03'); // today counts
    expect(nextOccurrence('2026-05-04', 5, 3)).toBe('2027-05-03');
    expect(nextOccurrence('2026-12-31', 1, 1)).toBe('2027-01-01');
  });
});

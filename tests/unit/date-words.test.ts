import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../src/lib/program/calendar.ts';

describe('dates and times as people read them', () => {
  it('a date reads as month, day and year, never as YYYY-MM-DD', () => {
    expect(formatDate('2026-11-30')).toBe('November 30, 2026');
    expect(formatDate('2027-01-05')).toBe('January 5, 2027');
  });

  it('a moment reads on the district’s clock, with the same date words as a date alone', () => {
    // 06:30 UTC on December 1 is still the evening of November 30 in Los Angeles (UTC-8).
    expect(formatDateTime('2026-12-01T06:30:00.000Z', 'America/Los_Angeles')).toBe('November 30, 2026, 10:30 PM');
    expect(formatDateTime('2026-12-01T06:30:00.000Z', 'America/New_York')).toBe('December 1, 2026, 1:30 AM');
    expect(formatDateTime(new Date('2026-07-04T19:05:00Z'), 'America/Chicago')).toBe('July 4, 2026, 2:05 PM');
  });

  it('summer time is the district’s too: the same UTC hour is an hour later on the clock in July than in January', () => {
    expect(formatDateTime('2026-01-15T20:00:00Z', 'America/Los_Angeles')).toBe('January 15, 2026, 12:00 PM');
    expect(formatDateTime('2026-07-15T20:00:00Z', 'America/Los_Angeles')).toBe('July 15, 2026, 1:00 PM');
  });

  it('a stored value that is not a moment is shown as it is rather than as "Invalid Date"', () => {
    expect(formatDateTime('not a time', 'America/Los_Angeles')).toBe('not a time');
  });
});

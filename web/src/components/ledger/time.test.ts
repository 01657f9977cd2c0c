import { describe, expect, it } from 'vitest';
import { beijingInstant, beijingWall, beijingYear, isoDay } from './time.js';

describe('Beijing time helpers', () => {
  it('shows an instant in Beijing wall time across the date line', () => {
    expect(beijingWall('2025-10-15T01:00:00.000Z')).toBe('2025-10-15 09:00');
    // 23:30 Beijing on 30 June is still June there, July nowhere.
    expect(beijingWall('2025-06-30T15:30:00.000Z')).toBe('2025-06-30 23:30');
    expect(beijingWall('2025-06-30T16:30:00.000Z')).toBe('2025-07-01 00:30');
  });

  it('sends a picked wall time with the +08:00 offset', () => {
    expect(beijingInstant('2025-10-15T09:00')).toBe('2025-10-15T09:00:00+08:00');
    expect(isoDay('2025-10-15T09:00')).toBe('2025-10-15');
  });

  it('turns the year at Beijing midnight, not UTC', () => {
    expect(beijingYear(Date.parse('2025-12-31T16:30:00Z'))).toBe(2026);
    expect(beijingYear(Date.parse('2025-12-31T15:30:00Z'))).toBe(2025);
  });
});

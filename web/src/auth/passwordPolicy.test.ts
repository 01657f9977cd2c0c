import { describe, expect, it } from 'vitest';
import { meetsPolicy } from './passwordPolicy.js';

describe('meetsPolicy', () => {
  it('accepts 8+ characters from at least three classes', () => {
    expect(meetsPolicy('Shoutu@2026')).toBe(true);
    expect(meetsPolicy('abcdEF12')).toBe(true);
    expect(meetsPolicy('abcd12#$')).toBe(true);
  });

  it('refuses short passwords and those with fewer than three classes', () => {
    expect(meetsPolicy('Ab1#')).toBe(false);
    expect(meetsPolicy('abcdefgh12')).toBe(false);
    expect(meetsPolicy('ABCDEFGH!!')).toBe(false);
  });
});

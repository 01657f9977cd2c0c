import { describe, expect, it } from 'vitest';
import { changedFields } from './patch.js';

describe('changedFields', () => {
  it('keeps only fields whose value changed, comparing arrays by content', () => {
    const current = { name: '市交通局', sort: 1, roles: [{ role: 'editor', unitId: 3 }] };
    const next = { name: '市交通局', sort: 2, roles: [{ role: 'editor', unitId: 3 }] };
    expect(changedFields(current, next)).toEqual({ sort: 2 });
  });

  it('leaves out fields the form did not set', () => {
    const next: { name: string; code?: string } = { name: 'b', code: undefined };
    expect(changedFields({ name: 'a', code: 'x' }, next)).toEqual({ name: 'b' });
  });
});

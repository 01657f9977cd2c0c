/**
 * The fields of `next` that differ from `current`: an edit sends only what the user changed, so
 * fields the server will not let this form set (a unit's kind 'committee', an existing
 * account name) are never sent back unchanged.
 */
export function changedFields<T extends object>(current: Partial<T>, next: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (next[key] === undefined) continue;
    if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) patch[key] = next[key];
  }
  return patch;
}

import { describe, expect, it } from 'vitest';
import { layoutRoutes, MODULE_MENU, selectedMenuPath } from './menu.js';

const routes = layoutRoutes(MODULE_MENU.flatMap((m) => m.entries));

describe('the highlighted menu item', () => {
  it('is exactly one item, the most specific one', () => {
    expect(selectedMenuPath('/compliance/rules', routes)).toBe('/compliance/rules');
    expect(selectedMenuPath('/proofread/dictionary', routes)).toBe('/proofread/dictionary');
    expect(selectedMenuPath('/proofread', routes)).toBe('/proofread');
    expect(selectedMenuPath('/compliance', routes)).toBe('/compliance');
  });

  it('is the parent folder for a page that is not in the menu, and 首页 only at /', () => {
    expect(selectedMenuPath('/compliance/unit/12', routes)).toBe('/compliance');
    expect(selectedMenuPath('/', routes)).toBe('/');
    expect(selectedMenuPath('/org/units', routes)).toBe('/org/units');
    expect(selectedMenuPath('/nowhere', routes)).toBeUndefined();
    // '/org/unitsX' is not inside '/org/units'.
    expect(selectedMenuPath('/org/unitsX', routes)).toBeUndefined();
  });

  it('puts 首页 first', () => {
    expect(routes[0]).toMatchObject({ path: '/', name: '首页' });
  });
});

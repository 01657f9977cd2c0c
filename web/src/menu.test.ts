import { describe, expect, it } from 'vitest';
import { layoutRoutes, MODULE_MENU, selectedMenuKey } from './menu.js';

const routes = layoutRoutes(MODULE_MENU.flatMap((m) => m.entries));

describe('the highlighted menu item', () => {
  it('is exactly one item, the most specific one', () => {
    expect(selectedMenuKey('/compliance/rules', routes)).toBe('/compliance/rules');
    expect(selectedMenuKey('/proofread/dictionary', routes)).toBe('/proofread/dictionary');
    expect(selectedMenuKey('/proofread', routes)).toBe('/proofread');
    expect(selectedMenuKey('/compliance', routes)).toBe('/compliance');
  });

  it('is the parent folder for a page that is not in the menu, and 首页 only at /', () => {
    expect(selectedMenuKey('/compliance/unit/12', routes)).toBe('/compliance');
    expect(selectedMenuKey('/', routes)).toBe('home');
    expect(selectedMenuKey('/org/units', routes)).toBe('/org/units');
    expect(selectedMenuKey('/nowhere', routes)).toBeUndefined();
    // '/org/unitsX' is not inside '/org/units'.
    expect(selectedMenuKey('/org/unitsX', routes)).toBeUndefined();
  });

  it('puts 首页 first', () => {
    expect(routes[0]).toMatchObject({ key: 'home', path: '/', name: '首页' });
  });
});

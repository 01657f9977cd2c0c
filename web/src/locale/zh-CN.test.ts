import { describe, expect, it } from 'vitest';
import { labelFor, t } from './zh-CN.js';

describe('locale table', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('common.import.done', { n: 12 })).toBe('已导入 12 条记录');
    expect(t('common.import.done')).toBe('已导入 {n} 条记录');
  });

  it('labels known server codes and returns undefined for new ones', () => {
    expect(labelFor('activity.type.', 'lecture')).toBe('宣讲');
    expect(labelFor('activity.type.', 'no-such-type')).toBeUndefined();
  });
});

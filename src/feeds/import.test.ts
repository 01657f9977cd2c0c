import { describe, expect, it } from 'vitest';
import { postsFromRows } from './import.js';
import { accountStatus } from './status.js';

describe('postsFromRows', () => {
  it('reads the date forms units type and keeps the link', () => {
    const { posts, errors } = postsFromRows([
      {
        row: 2,
        date: '2026-03-05',
        title: '  市局召开  学习会 ',
        link: 'https://mp.weixin.qq.com/s/a',
      },
      { row: 3, date: '2026年3月20日', title: '志愿服务活动' },
      { row: 4, date: '2026/3/28 18:30', title: '工作动态', link: '' },
    ]);
    expect(errors).toEqual([]);
    expect(posts).toEqual([
      {
        title: '市局召开 学习会',
        publishedAt: '2026-03-04T16:00:00.000Z',
        link: 'https://mp.weixin.qq.com/s/a',
      },
      { title: '志愿服务活动', publishedAt: '2026-03-19T16:00:00.000Z' },
      { title: '工作动态', publishedAt: '2026-03-28T10:30:00.000Z' },
    ]);
    // The list feeds the same status as a feed does.
    const status = accountStatus(posts, { now: '2026-04-20T02:00:00.000Z', source: 'import' });
    expect(status).toMatchObject({ state: 'stale', daysSinceLastPost: 23 });
  });

  it('names every bad row and field instead of importing undated posts', () => {
    const { posts, errors } = postsFromRows([
      { row: 2, date: '', title: '无日期' },
      { row: 3, date: '上周', title: '' },
      { row: 4, date: '2026-03-05', title: '链接错误', link: 'javascript:alert(1)' },
      { row: 5, date: '2026-03-06', title: '正确' },
    ]);
    expect(posts.map((p) => p.title)).toEqual(['正确']);
    expect(errors).toEqual([
      { row: 2, field: 'date', message: '日期不能为空' },
      { row: 3, field: 'title', message: '标题不能为空' },
      { row: 3, field: 'date', message: '无法识别的日期“上周”' },
      { row: 4, field: 'link', message: '链接应为 http:// 或 https:// 开头的网址' },
    ]);
  });

  it('reads at most the row limit and says where it stopped', () => {
    const rows = Array.from({ length: 4 }, (_, i) => ({
      row: i + 2,
      date: '2026-03-05',
      title: `第${i}条`,
    }));
    const { posts, errors } = postsFromRows(rows, 3);
    expect(posts).toHaveLength(3);
    expect(errors).toEqual([{ row: 5, field: 'title', message: '发布清单最多 3 行，其余未导入' }]);
  });
});

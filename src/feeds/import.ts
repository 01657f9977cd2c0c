import { parseFeedDate } from './dates.js';
import type { FeedItem } from './parse.js';

/** One row of an imported post list, as read from the sheet (cells as text). */
export interface PostRow {
  /** The row number as Excel shows it, for error messages. */
  row: number;
  date: string;
  title: string;
  link?: string;
}

export interface PostRowError {
  row: number;
  field: 'date' | 'title' | 'link';
  message: string;
}

const MAX_TITLE = 500;
const MAX_LINK = 2000;

/**
 * Turns the rows of an imported post list (date, title, link) into posts for accountStatus and
 * postFindings. Dates are read like feed dates (2026-03-05, 2026/3/5 10:00, 2026年3月5日 …, Beijing
 * time); a row with an unreadable date or no title is an error, never an undated post — a list a
 * unit compiles by hand has no reason to leave a date out. At most `maxRows` rows are read.
 */
export function postsFromRows(
  rows: readonly PostRow[],
  maxRows = 5_000,
): { posts: FeedItem[]; errors: PostRowError[] } {
  const posts: FeedItem[] = [];
  const errors: PostRowError[] = [];
  if (rows.length > maxRows) {
    errors.push({
      row: rows[maxRows]!.row,
      field: 'title',
      message: `发布清单最多 ${maxRows} 行，其余未导入`,
    });
  }
  for (const { row, date, title, link } of rows.slice(0, maxRows)) {
    let ok = true;
    const text = title.replace(/\s+/g, ' ').trim();
    if (text === '') {
      errors.push({ row, field: 'title', message: '标题不能为空' });
      ok = false;
    } else if ([...text].length > MAX_TITLE) {
      errors.push({ row, field: 'title', message: `标题不能超过 ${MAX_TITLE} 个字符` });
      ok = false;
    }
    const publishedAt = parseFeedDate(date);
    if (!publishedAt) {
      errors.push({
        row,
        field: 'date',
        message: date.trim() === '' ? '日期不能为空' : `无法识别的日期“${date.slice(0, 40)}”`,
      });
      ok = false;
    }
    let url: string | undefined;
    const rawLink = link?.trim() ?? '';
    if (rawLink !== '') {
      try {
        const parsed = new URL(rawLink);
        if (
          (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
          rawLink.length > MAX_LINK
        ) {
          throw new Error('not http');
        }
        url = parsed.href;
      } catch {
        errors.push({ row, field: 'link', message: '链接应为 http:// 或 https:// 开头的网址' });
        ok = false;
      }
    }
    if (!ok) continue;
    const post: FeedItem = { title: text, publishedAt };
    if (url) post.link = url;
    posts.push(post);
  }
  return { posts, errors };
}

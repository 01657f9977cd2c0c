import type { RawFinding } from './types.js';

/** How many non-empty lines count as the head of a document or of an attachment. */
const HEAD_LINES = 6;
const ATTACHMENT_HEAD_LINES = 3;
/** A mark stands on a short line of its own (with perhaps 份号 or 特急 beside it). */
const MAX_MARK_LINE = 40;

// 机密★1年, 秘密★6个月, 绝密★长期, 机密★: a classification with the star is a mark wherever it
// begins a line.
const STAR_MARK =
  /^(?:密级[:：]\s*)?(绝密|机密|秘密)\s*[★☆*＊]\s*(?:\d+\s*(?:年|个月|月|天|日)|长期|[一二三四五六七八九十]+\s*年)?/;
// Without the star a bare level or 内部资料 is a mark only when it is the whole line at the head.
const BARE_MARK =
  /^(?:密级[:：]\s*(?:绝密|机密|秘密)|绝密|机密|秘密|内部(?:资料|文件|材料|刊物)(?:[\s,，、;；]*(?:注意保存|注意保密|请勿外传|妥善保管|不得外传|严禁外传))?)$/;
const ATTACHMENT_HEADING = /^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?$/;
const LINE_TRIM = /^[\s\u3000]+|[\s\u3000]+$/g;
const MARK_FIRST_CHARS = new Set([...'绝机秘密内']);

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 0x3000 || code === 0xa0;
}

function lineAt(text: string, start: number): { end: number; next: number } {
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  return { end, next: end + 1 };
}

/** Whether the line starting at `start` follows an attachment heading within a few lines. */
function afterAttachmentHeading(text: string, start: number): boolean {
  let nonEmpty = 0;
  let lineEnd = start - 1;
  while (lineEnd > 0 && nonEmpty < ATTACHMENT_HEAD_LINES && start - lineEnd < 400) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(lineStart, lineEnd).replace(LINE_TRIM, '');
    if (line.length > 0) {
      if (ATTACHMENT_HEADING.test(line)) return true;
      nonEmpty++;
    }
    lineEnd = lineStart - 1;
  }
  return false;
}

/** How much of a long first line is read for a mark. */
const FIRST_LINE_HEAD = 200;
// With the star the mark is unambiguous wherever it stands in the first line.
const STAR_IN_LINE =
  /(?:密级[:：]\s*)?(?:绝密|机密|秘密)\s*[★☆]\s*(?:\d+\s*(?:年|个月|月|天|日)|长期|[一二三四五六七八九十]+\s*年)?/g;
// Without it, a level or 内部资料 counts as a token of its own: at the line's start or after a
// space, and followed by a space, the star form, or the end of the line (份号 000123 秘密 特急;
// 秘密　关于印发……的通知). 秘密文件管理规定 or 关于保守秘密的通知 are titles, not marks.
const BARE_IN_LINE =
  /(?:^|(?<=[\s\u3000]))(?:密级[:：]\s*)?(?:绝密|机密|秘密|内部(?:资料|文件|材料|刊物)(?:[\s,，、;；]*(?:注意保存|注意保密|请勿外传|妥善保管|不得外传|严禁外传))?)(?=[\s\u3000]|$)/g;

function marksInFirstLine(text: string, lead: number, end: number, out: RawFinding[]): void {
  const line = text.slice(lead, Math.min(end, lead + FIRST_LINE_HEAD));
  for (const re of [STAR_IN_LINE, BARE_IN_LINE]) {
    re.lastIndex = 0;
    const m = re.exec(line);
    if (m) {
      const mark = m[0].replace(LINE_TRIM, '');
      out.push({
        code: 'secret-marking',
        start: lead + m.index,
        end: lead + m.index + mark.length,
        rule: mark.startsWith('内部') ? 'secret:internal' : 'secret:classification',
      });
      return;
    }
  }
}

/** Classification marks on lines that start in [from, to). */
export function scanSecretMarkings(
  text: string,
  from: number,
  to: number,
  atDocumentStart: boolean,
  out: RawFinding[],
): void {
  let start = from === 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
  if (start < from) start = lineAt(text, from).next; // a line that began before the range
  let headLeft = atDocumentStart ? HEAD_LINES : 0;
  if (atDocumentStart && from > 0) {
    // Count the non-empty lines before the range to know whether it is still the head.
    for (let s = 0; s < from && headLeft > 0; ) {
      const { end, next } = lineAt(text, s);
      if (text.slice(s, end).replace(LINE_TRIM, '').length > 0) headLeft--;
      s = next;
    }
  }
  while (start < to && start <= text.length) {
    const { end, next } = lineAt(text, start);
    let lead = start;
    while (lead < end && isBlank(text.charCodeAt(lead))) lead++;
    if (lead < end) {
      const before = out.length;
      if (MARK_FIRST_CHARS.has(text[lead]) && end - lead <= MAX_MARK_LINE * 2) {
        const line = text.slice(lead, end).replace(LINE_TRIM, '');
        const star = STAR_MARK.exec(line);
        if (star) {
          out.push({
            code: 'secret-marking',
            start: lead,
            end: lead + star[0].length,
            rule: 'secret:classification',
          });
        } else if (
          line.length <= MAX_MARK_LINE &&
          BARE_MARK.test(line) &&
          (headLeft > 0 || afterAttachmentHeading(text, start))
        ) {
          out.push({
            code: 'secret-marking',
            start: lead,
            end: lead + line.length,
            rule: line.startsWith('内部') ? 'secret:internal' : 'secret:classification',
          });
        }
      }
      // The first line of a document carries the mark even when more stands on it: 份号 before
      // it, 特急 or the title after it, or the whole text pasted as one paragraph.
      if (out.length === before && headLeft === HEAD_LINES) marksInFirstLine(text, lead, end, out);
      if (headLeft > 0) headLeft--;
    }
    start = next;
  }
}

/**
 * Soft 404s: pages answering 200 whose content is an error page ("页面不存在"). Inspections count
 * links to them as 不可用链接. Decided from the page (title and main text), never from the URL, and
 * narrowly: a news item that merely mentions "不存在" must not count.
 */

/** Whole phrases an error page's title (or one of its parts) consists of. */
const ERROR_TITLE =
  /^(?:(?:error\s*)?(?:404|403|410|500|502|503)(?:\s*(?:not\s*found|forbidden|error|错误|页面))?|not\s*found|page\s*not\s*found|(?:http\s*)?404\s*-?\s*(?:页面|文件)?(?:不存在|未找到|找不到)|(?:对不起|抱歉|很抱歉)?[，,！!\s]*(?:您(?:所)?(?:要)?(?:访问|查看|浏览|请求)的)?(?:页面|网页|信息|文章|内容|栏目|资源)(?:已)?(?:被)?(?:不存在|未找到|找不到|无法找到|已删除|删除|已撤销|已撤稿|已下线|已过期|丢失了|走丢了)(?:或已(?:被)?(?:删除|移除|撤销))?[！!。.]*|找不到(?:该|您要的|您所访问的|您访问的)?(?:页面|网页|文件)|出错了|错误页面?|提示信息|系统提示|温馨提示)$/i;

/** Phrases that, on a page with next to no text of its own, say it is an error page. */
const ERROR_TEXT =
  /(?:页面|网页|信息|文章|内容|栏目|文件)(?:已)?(?:被)?(?:不存在|未找到|找不到|无法找到|已删除|已被删除|已撤稿|已下线|走丢了)|您(?:所)?(?:要)?(?:访问|查看|浏览|请求)的(?:页面|网页|地址|内容)(?:不存在|有误|已删除)|(?<![\u4e00-\u9fa5\w])404(?![\u4e00-\u9fa5\w])|not\s*found|page\s*not\s*found|找不到(?:该|您要的|您访问的)?(?:页面|网页)/i;

/** An error page has little text: a real article discussing "页面不存在" is longer. */
const MAX_ERROR_TEXT_CHARS = 300;
/** A title generic enough to give the page no meaning of its own. */
const BLAND_TITLE = /^(?:提示|提示信息|系统提示|温馨提示|信息提示|错误|出错了|error|)$/i;

/** Title parts: "页面不存在_某市人民政府" → ["页面不存在", "某市人民政府"]. */
function titleParts(title: string): string[] {
  return title
    .split(/\s*[_|｜—–]\s*|\s+-\s+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function isErrorPage(page: { title: string; mainText: string }): boolean {
  const title = page.title.replace(/\s+/g, ' ').trim();
  if (titleParts(title).some((part) => ERROR_TITLE.test(part))) return true;
  const text = page.mainText.replace(/\s+/g, '');
  if ([...text].length > MAX_ERROR_TEXT_CHARS) return false;
  // Short pages: the text decides, unless the title names real content of its own.
  if (!ERROR_TEXT.test(text)) return false;
  return (
    title === '' ||
    titleParts(title).some((part) => BLAND_TITLE.test(part)) ||
    ERROR_TEXT.test(title) ||
    [...text].length <= 120
  );
}

import { describe, expect, it } from 'vitest';
import { datastoreRecords, scriptPages } from './scripts.js';

const base = new URL('http://www.example.gov.cn/zwgk/tzgg/');
const names = (urls: string[]) => urls.map((u) => u.replace(base.href, ''));

describe('pager scripts', () => {
  it.each([
    ['createPageHTML(4, 0, "index", "html");', ['index_1.html', 'index_2.html', 'index_3.html']],
    ["createPageHTML(3,1,'index','shtml')", ['index_1.shtml', 'index_2.shtml']],
    // newer TRS templates: element id first, record total last
    ["createPageHTML('page_div', 3, 0, 'index', 'html', 45);", ['index_1.html', 'index_2.html']],
    // counts kept in variables, as many templates write them
    [
      'var countPage = 3; var currentPage = 0; var prevName = "index"; var fileExt = "htm";\ncreatePageHTML(countPage, currentPage, prevName, fileExt);',
      ['index_1.htm', 'index_2.htm'],
    ],
    // an article's own pager: one page, nothing more (real TRS article, 松花江网)
    ['createPageHTML(1, 0, "t20220213_552130", "html")', []],
    // the function's definition (real shanxi page) is no call with values
    [
      'function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){ if(_nPageCount == null || _nPageCount <=1){ return; } }',
      [],
    ],
  ])('%s', (script, pages) => {
    expect(names(scriptPages(script, base).pages)).toEqual(pages);
  });

  it('reads the pageCount pattern of other CMSs as probes, numbered from 1', () => {
    const script =
      'var pageCount = 3; var currentPage = 0; var pageName = "index_"; var pageExt = ".htm"; for (var i = 0; i < pageCount; i++) {}';
    const { pages, probes } = scriptPages(script, base);
    expect(pages).toEqual([]);
    expect(names(probes)).toEqual(['index_1.htm', 'index_2.htm']);
  });

  it('bounds a pager that claims 100,000 pages', () => {
    expect(scriptPages('createPageHTML(100000, 0, "index", "html")', base).pages).toHaveLength(500);
  });

  it('builds the Jcms data-proxy groups beyond the embedded records', () => {
    const script =
      "$('#4936823').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp?columnid=1&unitid=2', perPage: 15, totalRecord: 100, groupSize: 3 });";
    const { probes } = scriptPages(script, base);
    expect(probes.map((p) => new URL(p).search)).toEqual([
      '?columnid=1&unitid=2&startrecord=46&endrecord=90&perpage=15',
      '?columnid=1&unitid=2&startrecord=91&endrecord=100&perpage=15',
    ]);
  });

  it('takes the records of a Jcms datastore as HTML', () => {
    const xml =
      '<datastore><recordset><record><![CDATA[<li><a href="/art/1.html">一</a></li>]]></record><record><![CDATA[<li>二</li>]]></record></recordset></datastore>';
    expect(datastoreRecords(xml)).toBe('<li><a href="/art/1.html">一</a></li>\n<li>二</li>');
    expect(datastoreRecords('var a = 1;')).toBeUndefined();
  });
});

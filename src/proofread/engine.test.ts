import { describe, expect, it } from 'vitest';
import {
  ChunkedChecker,
  compileProofreader,
  defaultEntries,
  defaultProofreader,
  dictionaryEntrySchema,
  isValidIdNumber,
  mergeEntries,
  type ProofFinding,
} from './index.js';

const pr = defaultProofreader();
const codes = (text: string) => pr.check(text).map((f) => f.code);
const only = (text: string): ProofFinding => {
  const found = pr.check(text);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('formulations', () => {
  it('reports a wrong, missing, extra or swapped character with the canonical form', () => {
    const sub = only('深入学习新时代中国特色社会注义思想。');
    expect(sub).toMatchObject({
      code: 'formulation-error',
      offset: 4,
      length: 13,
      text: '新时代中国特色社会注义思想',
      suggestion: '新时代中国特色社会主义思想',
    });
    expect(only('坚持新时代中国特色社会主思想').suggestion).toBe('新时代中国特色社会主义思想');
    expect(only('培育和践行社会主主义核心价值观').text).toBe('社会主主义核心价值观');
    expect(only('落实意识形态作工责任制').text).toBe('意识形态作工责任制');
    expect(only('增强四意个识').suggestion).toBe('四个意识');
    expect(only('推进全面从从严治党').text).toBe('全面从从严治党');
  });

  it('does not report a different legitimate phrase one edit away', () => {
    for (const text of [
      '走科学发展道路',
      '从四个方面入手',
      '全面建设小康社会',
      '在中国共产党领导下',
      '大众创业万众创新',
      '马克思主义基本理论',
      '社会主义民主法治',
      '全国统一的市场',
      '中国现代化建设',
      '保守国家秘密，推进依法治国',
    ]) {
      expect(pr.check(text), text).toEqual([]);
    }
  });

  it('checks numbered formulations: verb, count and members', () => {
    expect(only('要坚定“四个意识”').rule).toBe('verb:四个意识');
    expect(only('增强“两个维护”').suggestion).toBe('做到“两个维护');
    expect(pr.check('增强“四个意识”、坚定“四个自信”、做到“两个维护”')).toEqual([]);
    expect(pr.check('牢固树立“四个意识”，协调推进“四个全面”战略布局')).toEqual([]);
    expect(only('统筹推进“四个全面”战略布局').rule).toBe('verb:四个全面');
    expect(only('增强“三个意识”')).toMatchObject({ text: '三个意识', suggestion: '四个意识' });
    expect(only('增强政治意识、大局意识、核心意识、全局意识，')).toMatchObject({
      text: '全局意识',
      suggestion: '看齐意识',
      rule: 'member:四个意识',
    });
    expect(pr.check('坚定道路自信、理论自信、制度自信、文化自信')).toEqual([]);
    // The 2012 enumeration of three is historically correct and not a wrong count.
    expect(pr.check('坚定道路自信、理论自信、制度自信')).toEqual([]);
  });
});

describe('miswritings people make: shape, pinyin input, a dropped character', () => {
  it('reports each with the canonical form', () => {
    for (const [text, wrong, right] of [
      ['深入学习习近平新时代中国特色社会主义恩想。', '恩想', '习近平新时代中国特色社会主义思想'],
      ['推动购建人类命运共同体。', '购建', '构建人类命运共同体'],
      ['深化供给侧结构改革，', '结构改革', '供给侧结构性改革'],
      ['深化供给结构性改革，', '供给结构', '供给侧结构性改革'],
      ['增强“四个以识”，', '以识', '四个意识'],
      ['推进全面从验治党，', '从验', '全面从严治党'],
      ['坚持以人民为中新，', '中新', '以人民为中心'],
      ['坚持以人民为中新的发展思想。', '中新', '以人民为中心的发展思想'],
      ['做到“两个推护”。', '推护', '两个维护'],
      ['落实意识形态工作责任值。', '责任值', '意识形态工作责任制'],
    ]) {
      const f = only(text);
      expect(f.code, text).toBe('formulation-error');
      expect(f.text, text).toContain(wrong);
      expect(f.suggestion, text).toBe(right);
    }
  });

  it('reads a changed edge character as the word it makes with the text beside it', () => {
    for (const text of [
      '编制科学发展规划。',
      '推动科学发展关键在于改革。',
      '全体人民团结进步。',
      '学习马克思主义基本理论。',
      '中華人民共和國的改革開放政策', // traditional characters, not miswritings
    ]) {
      expect(pr.check(text), text).toEqual([]);
    }
  });
});

describe('layout: line breaks, quotes', () => {
  it('reads a formulation split by a line break as one', () => {
    expect(pr.check('深入学习习近平新时代中国特色社\n会主义思想。')).toEqual([]);
    expect(pr.check('推进全面从严治\r\n党，')).toEqual([]);
    const f = only('深入学习新时代中国特色社会注\n义思想。');
    expect(f).toMatchObject({
      offset: 4,
      length: 14,
      text: '新时代中国特色社会注\n义思想',
      suggestion: '新时代中国特色社会主义思想',
    });
    expect(only('推进全面从验\n治党').text).toBe('全面从验\n治党');
    // A blank line or punctuation ends the sentence: nothing is read across it.
    expect(pr.check('一、坚持全面从严\n\n党的建设')).toEqual([]);
  });

  it('treats straight and full-width quotes alike', () => {
    const pairs = [
      ['推动共键“一带一路”高质量发展', '推动共键"一带一路"高质量发展'],
      ['坚持“一国两治”方针', '坚持"一国两治"方针'],
      ['增强“四个以识”', '增强"四个以识"'],
      ['要坚定“四个意识”', '要坚定"四个意识"'],
      ['增强“三个意识”', '增强"三个意识"'],
      ['运用监督执纪“四种形太”', '运用监督执纪"四种形太"'],
    ];
    for (const [full, straight] of pairs) {
      const a = pr.check(full);
      const b = pr.check(straight);
      expect(a.length, full).toBe(1);
      // A suggestion quoting the text keeps the text's own quotes.
      const shape = (found: ProofFinding[]) =>
        found.map((f) => [f.offset, f.length, f.rule, f.suggestion?.replace(/[“”"]/g, '"')]);
      expect(shape(b), straight).toEqual(shape(a));
    }
    expect(only('推动共键"一带一路"高质量发展').suggestion).toBe('共建“一带一路”');
    expect(pr.check('推动共建"一带一路"高质量发展，增强"四个意识"、坚定"四个自信"')).toEqual([]);
  });
});

describe('typos', () => {
  it('reports a known miswriting as a whole word only', () => {
    expect(only('全体干部要再接再励')).toMatchObject({ code: 'typo', suggestion: '再接再厉' });
    expect(only('按步就班地推进').suggestion).toBe('按部就班');
    expect(pr.check('促进社会平安祥和')).toEqual([]);
  });
});

describe('personal information', () => {
  it('accepts ID numbers only with a valid check digit and birth date', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false); // check digit
    expect(isValidIdNumber('110105194902300027')).toBe(false); // 30 February
    expect(codes('身份证号11010519491231002X。')).toEqual(['pii-idcard']);
    expect(codes('编号911010519491231002X')).toEqual([]); // inside a longer run
    expect(codes('号码110105194912310021')).toEqual([]);
  });

  it('accepts mobile numbers only as whole 11-digit tokens with a real prefix', () => {
    expect(only('联系电话：13812345678。').text).toBe('13812345678');
    expect(codes('电话 138-1234-5678')).toEqual(['pii-mobile']);
    expect(codes('12345678901')).toEqual([]); // 123 is no segment
    expect(codes('订单2013812345678')).toEqual([]);
    expect(codes('金额138123456789元')).toEqual([]);
  });
});

describe('secret markings', () => {
  it('reports marks at the head of a document or attachment only', () => {
    expect(only('机密★1年\n特急\n关于做好有关工作的通知').text).toBe('机密★1年');
    expect(only('秘密★\n标题').text).toBe('秘密★');
    expect(only('秘密\n关于某事的通知\n正文').text).toBe('秘密');
    expect(only('内部资料 注意保存\n学习材料').text).toBe('内部资料 注意保存');
    expect(
      only('正文一\n正文二\n正文三\n正文四\n正文五\n正文六\n正文七\n附件1\n秘密\n名单').rule,
    ).toBe('secret:classification');
    expect(pr.check('各级干部要保守国家秘密，不得泄露机密。')).toEqual([]);
    expect(pr.check('一\n二\n三\n四\n五\n六\n七\n秘密\n')).toEqual([]);
  });

  it('reports a mark inside the first line of a document', () => {
    const long = `机密★1年关于做好某项工作的通知，各单位：${'现将有关事项通知如下。'.repeat(20)}`;
    expect(only(long)).toMatchObject({ offset: 0, text: '机密★1年' });
    expect(only('份号：000123 机密★1年\n关于某事').text).toBe('机密★1年');
    expect(only('000123 秘密 特急\n关于某事')).toMatchObject({ offset: 7, text: '秘密' });
    expect(only('秘密　关于印发某某办法的通知\n正文').text).toBe('秘密');
    expect(only('本通知为机密★6个月，请妥善保管。\n正文').text).toBe('机密★6个月');
    expect(only('内部资料 注意保存 学习材料汇编\n正文').rule).toBe('secret:internal');
    for (const text of [
      '关于秘密工作的通知\n正文',
      '秘密文件管理规定\n第一条',
      '关于保守国家秘密 加强管理的通知\n正文',
    ]) {
      expect(pr.check(text), text).toEqual([]);
    }
  });
});

describe('offsets and odd input', () => {
  it('counts offsets in code points and ignores a leading BOM', () => {
    const f = only('\uFEFF𠀀𠀀再接再励');
    expect(f.offset).toBe(2);
    expect(f.length).toBe(4);
  });

  it('survives empty text and unpaired surrogates', () => {
    expect(pr.check('')).toEqual([]);
    const f = only('\uD800a\uDC00再接再励\uD800');
    expect(f.offset).toBe(3);
  });

  it('reports the same findings when the text arrives in small pieces', () => {
    const unit =
      '𠀀机密★1年\n深入学习新时代中国特色社会注义思想，电话13812345678，再接再励。' +
      '推进全面从验\n治党，推动共键"一带一路"。';
    const text = `${unit}\n${'正文内容，坚持全面从严治党。'.repeat(40)}\n${unit}`.repeat(30);
    const whole = pr.check(text);
    for (const size of [7, 100, 997]) {
      const checker = new ChunkedChecker(pr, { chunkSize: 1 });
      const pieces: ProofFinding[] = [];
      for (let i = 0; i < text.length; i += size)
        pieces.push(...checker.push(text.slice(i, i + size)));
      pieces.push(...checker.end());
      expect(pieces).toEqual(whole);
      expect(checker.chars).toBe([...text].length);
    }
    expect(whole.length).toBeGreaterThan(60);
  });
});

describe('dictionary', () => {
  it('ships at least 200 formulations and validates every entry', () => {
    const phrases = defaultEntries.filter((e) => e.kind !== 'typo');
    expect(phrases.length).toBeGreaterThanOrEqual(200);
    expect(defaultEntries.filter((e) => e.kind === 'typo').length).toBeGreaterThanOrEqual(300);
    for (const e of defaultEntries)
      expect(dictionaryEntrySchema.safeParse(e).success, e.id).toBe(true);
    expect(new Set(defaultEntries.map((e) => e.id)).size).toBe(defaultEntries.length);
    expect(JSON.parse(JSON.stringify(defaultEntries))).toEqual(defaultEntries);
  });

  it('rejects a bad entry with Chinese messages', () => {
    const result = dictionaryEntrySchema.safeParse({ id: '', kind: 'x', canonical: '' });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message).join('；');
    expect(messages).toMatch(/编号不能为空/);
    expect(messages).toMatch(/类型必须是/);
  });

  it('merges admin overrides by id: disable, edit, add', () => {
    const merged = mergeEntries(defaultEntries, [
      { id: 'typo:再接再励', kind: 'typo', canonical: '再接再厉', enabled: false },
      { id: '四个意识', kind: 'numbered', canonical: '四个意识', verbs: ['增强', '坚定'] },
      {
        id: 'local-1',
        kind: 'formulation',
        canonical: '守土有责守土尽责',
        knownWrong: ['守土有责守土尽职'],
      },
    ]);
    expect(merged.length).toBe(defaultEntries.length + 1);
    const custom = compileProofreader(merged);
    expect(custom.check('再接再励')).toEqual([]);
    expect(custom.check('坚定“四个意识”')).toEqual([]);
    expect(custom.check('守土有责守土尽职')[0]).toMatchObject({ suggestion: '守土有责守土尽责' });
    expect(custom.check('做到守土有责守土进责')[0].rule).toBe('formulation:local-1');
  });
});

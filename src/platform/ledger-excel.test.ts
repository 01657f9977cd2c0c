// Excel round trips on every ledger: the template as downloaded → filled → imported; the same
// file imported again; a file with errors of every kind. Also: what a template's drop-downs
// offer on a row is exactly what the import accepts on that row.
import '../fixtures.js';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityTemplate, importActivities } from '../activities/excel.js';
import { createPerson } from '../org/service.js';
import {
  assignmentTemplate,
  importAssignments,
  importLetters,
  importMeetings,
  importMembers,
  importReports,
  letterTemplate,
  meetingTemplate,
  memberTemplate,
  reportTemplate,
} from '../responsibility/excel.js';
import { importPlans, importSessions, planTemplate, sessionTemplate } from '../study/excel.js';
import { branchSessionKinds, sessionKindLabels } from '../study/tables.js';
import { Scope } from './access.js';
import { type ServiceContext, systemContext } from './context.js';
import { AppError, type RowError } from './errors.js';
import { createTestWorld, type TestWorld } from './testing.js';
import { isStorableText } from './validation.js';

let world: TestWorld;
let liaison: ServiceContext;

beforeAll(async () => {
  world = await createTestWorld();
  const sys = systemContext(world.database.db, world.clock, '测试');
  const [a] = await world.database.query<{ path: string }>('select path from units where id = $1', [
    world.unitA,
  ]);
  liaison = { ...sys, scope: new Scope([a!.path]) };
  for (const name of ['王书记', '李副局长', '赵处长'])
    await createPerson(sys, { name, unitId: world.unitA, title: '班子成员' });
}, 120_000);
afterAll(() => world.close());

type Cells = Record<string, string>;

/** The downloaded template with rows typed in under its headers; its drop-downs stay. */
async function fill(template: Buffer, rows: Cells[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const columnOf = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, n) => columnOf.set(String(cell.value), n));
  rows.forEach((row, i) => {
    for (const [header, value] of Object.entries(row)) {
      const column = columnOf.get(header);
      if (!column) throw new Error(`template has no column ${header}`);
      sheet.getCell(i + 2, column).value = value;
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function refusal(work: Promise<unknown>): Promise<RowError[]> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the import should have been refused').toBeInstanceOf(AppError);
  return (error as AppError).details.rows ?? [];
}

const count = async (table: string) =>
  (await world.database.query<{ n: number }>(`select count(*)::int n from ${table}`))[0]!.n;

interface Ledger {
  name: string;
  table: string;
  template: () => Promise<Buffer>;
  importer: (ctx: ServiceContext, file: Buffer) => Promise<{ imported: number }>;
  rows: Cells[];
}

const ledgers: Ledger[] = [
  {
    name: '学习活动',
    table: 'study_sessions',
    template: sessionTemplate,
    importer: importSessions,
    rows: [
      {
        单位或支部: '甲单位',
        类型: '党组会议',
        时间: '2026-03-02 09:00',
        主题: '传达学习全会精神',
        第一议题: '否',
        '出席人员（、分隔）': '王书记、李副局长',
      },
      {
        单位或支部: '甲单位机关党支部',
        类型: '主题党日',
        时间: '2026-03-05 15:00',
        主题: '三月主题党日',
        缺席人员: '赵处长',
      },
    ],
  },
  {
    name: '学习计划',
    table: 'study_plans',
    template: planTemplate,
    importer: importPlans,
    rows: [
      { 单位: '甲单位', 年度: '2026', 计划名称: '2026 年理论学习计划' },
      { 单位: '甲单位', 年度: '2027', 计划名称: '2027 年理论学习计划' },
    ],
  },
  {
    name: '活动',
    table: 'activities',
    template: activityTemplate,
    importer: importActivities,
    rows: [
      {
        单位: '甲单位',
        活动类型: '宣讲',
        活动名称: '进社区宣讲',
        日期: '2026-04-01',
        场次: '2',
        参与人数: '40',
        受益人数: '300',
      },
      {
        单位: '甲单位',
        活动类型: '读书',
        活动名称: '读书会',
        日期: '2026-04-08',
        场次: '1',
        参与人数: '12',
        受益人数: '0',
      },
    ],
  },
  {
    name: '责任书',
    table: 'responsibility_letters',
    template: letterTemplate,
    importer: importLetters,
    rows: [
      { 单位: '甲单位', 年度: '2026', 责任人: '王书记', 状态: '已签订', 签订日期: '2026-01-10' },
      { 单位: '甲单位', 年度: '2026', 责任人: '李副局长', 状态: '待签订' },
    ],
  },
  {
    name: '议事会议',
    table: 'agenda_meetings',
    template: meetingTemplate,
    importer: importMeetings,
    rows: [
      {
        单位: '甲单位',
        会议类型: '专题研究意识形态工作',
        时间: '2026-02-01 10:00',
        会议名称: '党组会专题研究',
      },
      {
        单位: '甲单位',
        会议类型: '意识形态工作分析研判会',
        时间: '2026-07-01 10:00',
        会议名称: '上半年分析研判',
      },
    ],
  },
  {
    name: '年度报告',
    table: 'yearly_reports',
    template: reportTemplate,
    importer: importReports,
    rows: [
      { 单位: '甲单位', 报告年度: '2024', 标题: '2024 年度报告', 报送日期: '2025-01-20' },
      { 单位: '甲单位', 报告年度: '2025', 标题: '2025 年度报告', 报送日期: '2026-01-20' },
    ],
  },
  {
    name: '责任分工',
    table: 'responsibility_assignments',
    template: assignmentTemplate,
    importer: importAssignments,
    rows: [
      { 单位: '甲单位', 年度: '2026', 责任类型: '主体责任', 职务或责任主体: '党组' },
      { 单位: '甲单位', 年度: '2026', 责任类型: '第一责任人', 责任人: '王书记' },
    ],
  },
  {
    name: '领导小组成员',
    table: 'leading_group_members',
    template: memberTemplate,
    importer: importMembers,
    rows: [
      { 单位: '甲单位', 姓名: '王书记', 职务: '组长', 排序: '1' },
      { 单位: '甲单位', 姓名: '赵处长', 职务: '成员', 排序: '2' },
    ],
  },
];

describe('Excel import of every ledger', () => {
  for (const ledger of ledgers) {
    it(`${ledger.name}: template → fill → import, and importing the same file again is refused naming each duplicate`, async () => {
      const before = await count(ledger.table);
      // A file that repeats its own row is refused, naming the earlier row.
      const twice = await refusal(
        ledger.importer(
          liaison,
          await fill(await ledger.template(), [ledger.rows[0]!, ledger.rows[0]!]),
        ),
      );
      expect(twice, JSON.stringify(twice)).toEqual([
        expect.objectContaining({
          row: 3,
          message: expect.stringMatching(/^与文件第 2 行重复（.+相同）$/),
        }),
      ]);

      const file = await fill(await ledger.template(), ledger.rows);
      const imported = await ledger.importer(liaison, file).catch((e: AppError) => e.details);
      expect(imported).toEqual({ imported: ledger.rows.length });
      expect(await count(ledger.table)).toBe(before + ledger.rows.length);

      const again = await refusal(ledger.importer(liaison, file));
      expect(again.map((e) => e.row)).toEqual(ledger.rows.map((_, i) => i + 2));
      for (const error of again) expect(error.message).toMatch(/已有的记录重复.*已导入过/);
      expect(await count(ledger.table)).toBe(before + ledger.rows.length);
    });
  }

  it('one refusal lists every error of every row: fields, rules, units, people, attachments', async () => {
    const before = await count('study_sessions');
    const errors = await refusal(
      importSessions(
        liaison,
        await fill(await sessionTemplate(), [
          {
            // a bad time beside an unknown attendee and a missing attachment: all three reported
            单位或支部: '甲单位',
            类型: '党组会议',
            时间: '2026-13-40 09:00',
            主题: '学习一',
            第一议题: '是',
            '出席人员（、分隔）': '王书记、查无此人',
            附件编号: '987654',
          },
          {
            // an unknown unit beside a bad kind
            单位或支部: '不存在的单位',
            类型: '跳舞',
            时间: '2026-03-01 09:00',
            主题: '学习二',
          },
          {
            // 第一议题 on a 主题党日 beside a branch kind held by a unit and an empty title
            单位或支部: '甲单位',
            类型: '主题党日',
            时间: '2026-03-01 09:00',
            主题: '',
            第一议题: '否',
          },
          {
            // a 党组会议 without 第一议题
            单位或支部: '甲单位',
            类型: '党组会议',
            时间: '2026-03-03 09:00',
            主题: '学习四',
          },
        ]),
      ),
    );
    const found = errors.map((e) => `${e.row} ${e.field}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '2 时间',
        '2 出席人员（、分隔）',
        '2 附件编号',
        '3 单位或支部',
        '3 类型',
        '4 第一议题',
        '4 单位或支部',
        '4 主题',
        '5 第一议题',
      ]),
    );
    expect(errors.find((e) => e.row === 2 && e.field === '出席人员（、分隔）')!.message).toContain(
      '查无此人',
    );
    expect(errors.find((e) => e.row === 4 && e.field === '第一议题')!.message).toBe(
      '只有类型为「党组会议」时才填写第一议题',
    );
    expect(errors.find((e) => e.row === 5 && e.field === '第一议题')!.message).toBe(
      '类型为「党组会议」时须填写第一议题',
    );
    expect(await count('study_sessions')).toBe(before);
  });
});

/** A list data validation as written: an inline list, a range, or IF(OR(conditions),a,b). */
function offered(
  workbook: ExcelJS.Workbook,
  formula: string,
  rowValues: (letter: string) => string,
): string[] {
  const conditional = /^IF\(OR\((.*)\),(.+),(.+)\)$/.exec(formula);
  if (conditional) {
    const conditions = [...conditional[1]!.matchAll(/\$([A-Z]+)\d+="((?:[^"]|"")*)"/g)];
    const holds = conditions.some(
      ([, letter, value]) => rowValues(letter!) === value!.replaceAll('""', '"'),
    );
    return offered(workbook, holds ? conditional[2]! : conditional[3]!, rowValues);
  }
  if (formula.startsWith('"')) return formula.slice(1, -1).split(',');
  const range = /^'([^']+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(formula);
  if (!range) throw new Error(`unexpected list formula ${formula}`);
  const sheet = workbook.getWorksheet(range[1]!)!;
  const values: string[] = [];
  for (let r = Number(range[3]); r <= Number(range[5] ?? range[3]); r++) {
    const value = sheet.getCell(`${range[2]}${r}`).value;
    if (value !== null && value !== undefined && value !== '') values.push(String(value));
  }
  return values;
}

describe('cells that cannot be stored', () => {
  it('a NUL or an unpaired surrogate written as a character reference never reaches the database', async () => {
    // Excel never writes these, but a hand-made file can: `&#0;` and `&#xD800;` in the XML.
    const file = await fill(await planTemplate(), [
      { 单位: '甲单位', 年度: '2030', 计划名称: '计划NULMARK甲' },
      { 单位: '甲单位', 年度: '2030', 计划名称: '计划LONEMARK乙' },
    ]);
    const zip = await JSZip.loadAsync(file);
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
      const xml = await zip.file(name)!.async('string');
      if (xml.includes('MARK'))
        zip.file(name, xml.replace('NULMARK', '&#0;').replace('LONEMARK', '&#xD800;'));
    }
    const forged = await zip.generateAsync({ type: 'nodebuffer' });
    const before = await count('study_plans');
    const outcome = await importPlans(liaison, forged).then(
      (ok) => ok,
      (e: unknown) => e,
    );
    // The reader turns them into storable text (today: the replacement character); importLedger
    // would refuse the cell otherwise. Either way nothing unstorable reaches the database.
    expect(outcome, String(outcome)).toEqual({ imported: 2 });
    const stored = await world.database.query<{ title: string }>(
      'select title from study_plans where year = 2030',
    );
    expect(stored).toHaveLength(2);
    for (const { title } of stored) expect(isStorableText(title), JSON.stringify(title)).toBe(true);
    expect(await count('study_plans')).toBe(before + 2);
  });
});

describe('templates offer only what the import accepts', () => {
  it("学习活动: on each kind's row, 第一议题 offers exactly the values the import takes", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await sessionTemplate()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (name: string) => {
      let letter = '';
      sheet.getRow(1).eachCell((cell) => {
        if (cell.value === name) letter = cell.address.replace(/\d+/g, '');
      });
      return letter;
    };
    const kindLetter = header('类型');
    const validation = sheet.getCell(`${header('第一议题')}2`).dataValidation;
    expect(validation.type).toBe('list');
    const kinds = offered(
      workbook,
      sheet.getCell(`${kindLetter}2`).dataValidation.formulae![0]!,
      () => '',
    );
    expect(kinds).toEqual(Object.values(sessionKindLabels));
    let sessionNo = 0;
    for (const kind of kinds) {
      const choices = offered(workbook, validation.formulae![0]!, (letter) =>
        letter === kindLetter ? kind : '',
      );
      // Blank is always allowed by the sheet; every offered value and blank must import, and
      // 是/否 where not offered must be refused on that row.
      const branch = branchSessionKinds.some((k) => sessionKindLabels[k] === kind);
      const unit = branch ? '甲单位机关党支部' : '甲单位';
      for (const choice of ['是', '否', '']) {
        sessionNo++;
        const file = await fill(await sessionTemplate(), [
          {
            单位或支部: unit,
            类型: kind,
            时间: `2026-05-${String((sessionNo % 28) + 1).padStart(2, '0')} 09:${String(sessionNo % 60).padStart(2, '0')}`,
            主题: `第 ${sessionNo} 次学习`,
            第一议题: choice,
          },
        ]);
        const outcome = await importSessions(liaison, file).then(
          () => [] as RowError[],
          (e: unknown) =>
            ((e as AppError).details?.rows ?? [
              { row: 0, field: '?', message: String(e) },
            ]) as RowError[],
        );
        const accepted = outcome.filter((e) => e.field === '第一议题').length === 0;
        const offeredHere = choice === '' ? choices.length === 0 : choices.includes(choice);
        expect(
          accepted,
          `${kind} / 第一议题「${choice}」: offered ${JSON.stringify(choices)}, errors ${JSON.stringify(outcome)}`,
        ).toBe(offeredHere);
        expect(outcome, `${kind} / 「${choice}」 other errors`).toEqual(
          accepted ? [] : outcome.filter((e) => e.field === '第一议题'),
        );
      }
    }
  }, 120_000);
});

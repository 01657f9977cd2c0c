import { personName, phoneNumber } from './names.js';
import { createRandom, type Random, seedFromString } from './random.js';

/**
 * The demo city's organisation as pure data: the municipal organs' working committee (市直机关工委),
 * ~65 municipal units under it, their party branches and departments, and the people who hold the
 * platform's roles. No I/O here — the loader turns this into rows.
 *
 * Determinism: the org chart (units, branches, departments, keys, codes) does not depend on the
 * seed at all, so ledgers and tests can refer to `jtj-ks2` and the like; each unit's structure is
 * drawn from its own stream seeded by its key. The people (names, phones, how many leading-group
 * members, which units have an editor or a duty officer) come from the `seed`.
 */

import type { RoleName } from '../platform/contract.js';

export type { RoleName };
export type UnitKind = 'committee' | 'unit' | 'branch' | 'department';
export type UnitCategory = '党群' | '政府工作部门' | '事业单位' | '群团' | '国企';

export interface DemoUnit {
  key: string;
  name: string;
  shortName: string;
  parentKey: string | null;
  kind: UnitKind;
  code: string;
  sort: number;
  category: string /* 党群/政府工作部门/事业单位/群团/国企 */;
}

export interface DemoPerson {
  key: string;
  name: string;
  unitKey: string;
  title: string;
  phone: string;
  username: string | null;
  roles: { role: RoleName; unitKey: string }[];
  /** Member of the unit's ideology work leading group (意识形态工作领导小组). */
  leadingGroup: boolean;
}

export interface DemoCity {
  units: DemoUnit[];
  people: DemoPerson[];
}

/** Password of every demo account; the server only accepts demo accounts in demo mode. */
export const DEMO_PASSWORD = 'Shoutu@2026';
export const DEMO_SEED = 2026;
export const DEMO_CITY_NAME = '江城市';
export const COMMITTEE_KEY = 'committee';

interface UnitSpec {
  key: string;
  shortName: string;
  name: string;
  category: UnitCategory;
  /** The head's post, e.g. 局长; deputies are derived from it. */
  head: string;
  /** Party post joined before the head's post; defaults by category (党组书记 / 党委书记). */
  party?: string;
  /** The leader's full title when it is not `party、head`. */
  leaderTitle?: string;
  /** Line departments in order of importance; an office and generic sections are added. */
  departments: string[];
}

/*
 * Unit keys are short pinyin initials of the short name. Units the seed report names:
 *   市委编办 bb · 市交通局 jtj · 市妇联 fl · 市粮食和物资储备局 lsj · 市乡村振兴局 xczxj ·
 *   市人大 rd (江城市人大常委会机关) · 市委宣传部 xcb · 市农业机械发展中心 njzx · 市科技局 kjj ·
 *   市残联 cl · 国基公司 gj · 市文联 wl · 市委网信办 wxb · 市林业发展中心 lyzx · 市交通运输局 jtysj
 * The seed mentions both 市交通局 and 市交通运输局, so the demo city keeps both as separate units.
 * 'gw' (the committee) and 'dc' (inspectors) prefix usernames and are never unit keys.
 */
const UNIT_SPECS: readonly UnitSpec[] = [
  // 党群: the city party committee's own organs, the people's congress and CPPCC offices.
  {
    key: 'swb',
    shortName: '市委办公室',
    name: '中共江城市委办公室',
    category: '党群',
    head: '主任',
    leaderTitle: '市委副秘书长、办公室主任',
    departments: ['秘书科', '综合科', '督查室', '信息科'],
  },
  {
    key: 'zzb',
    shortName: '市委组织部',
    name: '中共江城市委组织部',
    category: '党群',
    head: '部长',
    leaderTitle: '市委常委、组织部部长',
    departments: ['干部科', '组织科', '干部监督科', '人才工作科'],
  },
  {
    key: 'xcb',
    shortName: '市委宣传部',
    name: '中共江城市委宣传部',
    category: '党群',
    head: '部长',
    leaderTitle: '市委常委、宣传部部长',
    departments: ['理论科', '宣传科', '文艺科', '新闻出版科'],
  },
  {
    key: 'tzb',
    shortName: '市委统战部',
    name: '中共江城市委统战部',
    category: '党群',
    head: '部长',
    leaderTitle: '市委常委、统战部部长',
    departments: ['党派科', '民族宗教科', '经济联络科'],
  },
  {
    key: 'zfw',
    shortName: '市委政法委',
    name: '中共江城市委政法委员会',
    category: '党群',
    head: '书记',
    leaderTitle: '市委常委、政法委书记',
    departments: ['综治督导科', '执法监督科'],
  },
  {
    key: 'bb',
    shortName: '市委编办',
    name: '中共江城市委机构编制委员会办公室',
    category: '党群',
    head: '主任',
    departments: ['行政机构编制科', '事业机构编制科', '监督检查科'],
  },
  {
    key: 'wxb',
    shortName: '市委网信办',
    name: '中共江城市委网络安全和信息化委员会办公室',
    category: '党群',
    head: '主任',
    departments: ['网络舆情科', '网络安全协调科', '网络传播科', '网络综合治理科'],
  },
  {
    key: 'dx',
    shortName: '市委党校',
    name: '中共江城市委党校',
    category: '党群',
    head: '常务副校长',
    departments: ['教务处', '科研处', '马克思主义理论教研室'],
  },
  {
    key: 'rd',
    shortName: '市人大',
    name: '江城市人大常委会机关',
    category: '党群',
    head: '秘书长',
    party: '党组书记',
    departments: ['研究室', '法制工作委员会', '人事代表选举委员会办公室'],
  },
  {
    key: 'zx',
    shortName: '市政协',
    name: '江城市政协机关',
    category: '党群',
    head: '秘书长',
    party: '党组书记',
    departments: ['研究室', '提案委员会办公室', '文史委员会办公室'],
  },
  // 政府工作部门
  gov('zfb', '市政府办公室', '江城市人民政府办公室', '主任', ['秘书科', '督查室', '政务公开科']),
  gov('fgw', '市发展改革委', '江城市发展和改革委员会', '主任', [
    '发展规划科',
    '固定资产投资科',
    '价格科',
  ]),
  gov('jyj', '市教育局', '江城市教育局', '局长', ['基础教育科', '职业教育科', '思想政治工作科']),
  gov('kjj', '市科技局', '江城市科学技术局', '局长', ['科技计划科', '高新技术科', '成果转化科']),
  gov('gxj', '市工信局', '江城市工业和信息化局', '局长', [
    '运行监测科',
    '产业发展科',
    '信息化推进科',
  ]),
  gov('mzj', '市民政局', '江城市民政局', '局长', ['社会救助科', '养老服务科', '社会组织管理科']),
  gov('sfj', '市司法局', '江城市司法局', '局长', [
    '普法与依法治理科',
    '法律服务管理科',
    '人民参与和促进法治科',
  ]),
  gov('czj', '市财政局', '江城市财政局', '局长', ['预算科', '国库科', '行政政法科']),
  gov('rsj', '市人社局', '江城市人力资源和社会保障局', '局长', [
    '就业促进科',
    '养老保险科',
    '劳动关系科',
  ]),
  gov('zrj', '市自然资源规划局', '江城市自然资源和规划局', '局长', [
    '国土空间规划科',
    '耕地保护科',
    '不动产登记科',
  ]),
  gov('sthj', '市生态环境局', '江城市生态环境局', '局长', [
    '大气环境科',
    '水生态环境科',
    '执法监督科',
  ]),
  gov('zjj', '市住建局', '江城市住房和城乡建设局', '局长', [
    '房地产市场科',
    '建筑业科',
    '城市建设科',
  ]),
  gov('jtj', '市交通局', '江城市交通局', '局长', ['综合运输科', '公路建设科', '安全监督科']),
  gov('jtysj', '市交通运输局', '江城市交通运输局', '局长', [
    '运输服务科',
    '城市公交科',
    '客运站场管理科',
  ]),
  gov('slj', '市水利局', '江城市水利局', '局长', ['水资源科', '河湖管理科', '农村水利科']),
  gov('nyj', '市农业农村局', '江城市农业农村局', '局长', [
    '种植业管理科',
    '畜牧兽医科',
    '农村经营管理科',
  ]),
  gov('swj', '市商务局', '江城市商务局', '局长', ['外贸科', '市场体系建设科', '招商引资科']),
  gov('wlj', '市文广旅局', '江城市文化广电和旅游局', '局长', [
    '公共服务科',
    '文化遗产科',
    '广播电视科',
    '文化市场科',
  ]),
  gov('wjw', '市卫健委', '江城市卫生健康委员会', '主任', [
    '医政医管科',
    '疾病预防控制科',
    '基层卫生科',
  ]),
  gov('tyjrj', '市退役军人事务局', '江城市退役军人事务局', '局长', [
    '移交安置科',
    '优抚科',
    '思想政治和权益维护科',
  ]),
  gov('yjj', '市应急管理局', '江城市应急管理局', '局长', [
    '风险监测和综合减灾科',
    '安全生产综合协调科',
    '应急指挥科',
  ]),
  gov('sjj', '市审计局', '江城市审计局', '局长', ['财政审计科', '经济责任审计科', '法规审理科']),
  gov('scjgj', '市市场监管局', '江城市市场监督管理局', '局长', [
    '登记注册科',
    '食品安全协调科',
    '价格监督检查科',
  ]),
  gov('tjj', '市统计局', '江城市统计局', '局长', ['综合科', '国民经济核算科', '工业交通统计科']),
  gov('ybj', '市医保局', '江城市医疗保障局', '局长', [
    '待遇保障科',
    '医药服务管理科',
    '基金监管科',
  ]),
  gov('lsj', '市粮食和物资储备局', '江城市粮食和物资储备局', '局长', [
    '仓储管理科',
    '储备调控科',
    '安全仓储与科技科',
  ]),
  gov('xczxj', '市乡村振兴局', '江城市乡村振兴局', '局长', [
    '规划财务科',
    '开发指导科',
    '社会帮扶科',
  ]),
  gov('xfj', '市信访局', '江城市信访局', '局长', ['来访接待科', '网上信访科', '督查督办科']),
  gov('dsjj', '市大数据局', '江城市政务服务和大数据管理局', '局长', [
    '政务服务科',
    '数据资源科',
    '电子政务科',
  ]),
  gov('cgj', '市城管局', '江城市城市管理局', '局长', [
    '市容环境卫生科',
    '城市管理执法科',
    '数字城管科',
  ]),
  gov('tyj', '市体育局', '江城市体育局', '局长', ['群众体育科', '竞技体育科']),
  gov('rfb', '市人防办', '江城市人民防空办公室', '主任', ['工程管理科', '指挥通信科']),
  gov('jgswj', '市机关事务局', '江城市机关事务管理局', '局长', [
    '公共机构节能科',
    '资产管理科',
    '公务用车管理科',
  ]),
  // 事业单位
  inst('njzx', '市农业机械发展中心', '江城市农业机械发展中心', '主任', [
    '农机推广科',
    '农机安全监理科',
    '培训科',
  ]),
  inst('lyzx', '市林业发展中心', '江城市林业发展中心', '主任', [
    '造林绿化科',
    '森林资源管理科',
    '林业产业科',
  ]),
  inst('gbdst', '市广播电视台', '江城市广播电视台', '台长', [
    '总编室',
    '新闻中心',
    '新媒体中心',
    '技术部',
  ]),
  inst('rbs', '江城日报社', '江城日报社', '社长', ['总编室', '新闻采访部', '融媒体中心', '校对室']),
  inst('szs', '市史志研究室', '江城市地方史志研究室', '主任', ['年鉴编辑科', '党史研究科']),
  inst('dag', '市档案馆', '江城市档案馆', '馆长', ['档案接收征集科', '档案利用服务科']),
  inst('tsg', '市图书馆', '江城市图书馆', '馆长', ['读者服务部', '采编部', '数字资源部']),
  inst('gjj', '市公积金中心', '江城市住房公积金管理中心', '主任', ['归集科', '贷款科', '稽核科']),
  // 群团
  mass('zgh', '市总工会', '江城市总工会', '主席', [
    '组织部',
    '宣传教育部',
    '权益保障部',
    '经费审查委员会办公室',
  ]),
  {
    key: 'tsw',
    shortName: '团市委',
    name: '共青团江城市委员会',
    category: '群团',
    head: '书记',
    party: '',
    departments: ['组织部', '宣传部', '青年发展部'],
  },
  mass('fl', '市妇联', '江城市妇女联合会', '主席', [
    '组织联络部',
    '宣传部',
    '家庭和儿童工作部',
    '权益部',
  ]),
  mass('kx', '市科协', '江城市科学技术协会', '主席', ['学会部', '科普部']),
  mass('wl', '市文联', '江城市文学艺术界联合会', '主席', ['组联部', '文艺创作研究部', '宣传部']),
  mass('cl', '市残联', '江城市残疾人联合会', '理事长', ['康复部', '教育就业部', '维权部']),
  mass('skl', '市社科联', '江城市社会科学界联合会', '主席', ['学会部', '科研规划部', '科普部']),
  mass('ql', '市侨联', '江城市归国华侨联合会', '主席', ['联络部', '权益保障部']),
  mass('hsz', '市红十字会', '江城市红十字会', '常务副会长', ['赈济救护部', '组织宣传部']),
  mass('gsl', '市工商联', '江城市工商业联合会', '主席', ['会员部', '宣传教育部']),
  // 国企
  soe('gj', '国基公司', '江城国基投资控股集团有限公司', [
    '党群工作部',
    '投资发展部',
    '风控法务部',
    '财务管理部',
  ]),
  soe('ct', '市城投集团', '江城城市建设投资集团有限公司', ['党群工作部', '工程管理部', '融资部']),
  soe('jttz', '市交投集团', '江城交通投资集团有限公司', ['党群工作部', '路产管理部', '安全生产部']),
  soe('sw', '市水务集团', '江城水务集团有限公司', ['党群工作部', '供水调度中心', '客户服务中心']),
];

function gov(key: string, shortName: string, name: string, head: string, departments: string[]) {
  return { key, shortName, name, category: '政府工作部门', head, departments } satisfies UnitSpec;
}
function inst(key: string, shortName: string, name: string, head: string, departments: string[]) {
  return { key, shortName, name, category: '事业单位', head, departments } satisfies UnitSpec;
}
function mass(key: string, shortName: string, name: string, head: string, departments: string[]) {
  return { key, shortName, name, category: '群团', head, departments } satisfies UnitSpec;
}
function soe(key: string, shortName: string, name: string, departments: string[]) {
  return { key, shortName, name, category: '国企', head: '董事长', departments } satisfies UnitSpec;
}

/** Sections every organ of a category tends to have, used to top up its line departments. */
const GENERIC_DEPARTMENTS: Record<UnitCategory, string[]> = {
  党群: ['办公室', '干部人事科', '机关党委办公室'],
  政府工作部门: ['办公室', '政策法规科', '人事科', '计划财务科'],
  事业单位: ['办公室', '人事科', '计划财务科'],
  群团: ['办公室', '机关党委办公室', '财务部'],
  国企: ['综合办公室', '人力资源部', '审计部'],
};

const BRANCH_ORDINALS = ['第一', '第二', '第三'];

interface UnitStructure {
  unit: DemoUnit;
  spec: UnitSpec;
  branches: DemoUnit[];
  departments: DemoUnit[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const COMMITTEE: DemoUnit = {
  key: COMMITTEE_KEY,
  name: '中共江城市直属机关工作委员会',
  shortName: '市直机关工委',
  parentKey: null,
  kind: 'committee',
  code: 'JC000',
  sort: 0,
  category: '党群',
};

const COMMITTEE_DEPARTMENTS = ['办公室', '组织部', '宣传统战部', '机关纪工委办公室'];

function child(
  parent: DemoUnit,
  kind: 'branch' | 'department',
  index: number,
  shortName: string,
): DemoUnit {
  const tag = kind === 'branch' ? 'dzb' : 'ks';
  return {
    key: `${parent.key}-${tag}${index}`,
    name: parent.name + shortName,
    shortName,
    parentKey: parent.key,
    kind,
    code: `${parent.code}-${kind === 'branch' ? 'D' : 'K'}${pad(index, 2)}`,
    sort: index,
    category: parent.category,
  };
}

function branchNames(spec: UnitSpec, count: number): string[] {
  // A group company's name already says 集团, so its head-office branches are 本部.
  const prefix = spec.category === '国企' ? '本部' : '机关';
  if (count === 1) return [`${prefix}党支部`];
  // The last branch gathers the retired cadres, as most organs of this size do.
  const working = BRANCH_ORDINALS.slice(0, count - 1).map((o) => `${prefix}${o}党支部`);
  return [...working, spec.category === '国企' ? '离退休党支部' : '离退休干部党支部'];
}

/** The seed-independent org chart: committee, units, branches, departments. */
function buildStructure(): { committee: UnitStructure; units: UnitStructure[] } {
  const committeeDepartments = COMMITTEE_DEPARTMENTS.map((d, i) =>
    child(COMMITTEE, 'department', i + 1, d),
  );
  const committee: UnitStructure = {
    unit: COMMITTEE,
    spec: {
      key: COMMITTEE_KEY,
      shortName: COMMITTEE.shortName,
      name: COMMITTEE.name,
      category: '党群',
      head: '书记',
      departments: COMMITTEE_DEPARTMENTS,
    },
    branches: [child(COMMITTEE, 'branch', 1, '机关党支部')],
    departments: committeeDepartments,
  };
  const units = UNIT_SPECS.map((spec, i): UnitStructure => {
    const sort = i + 1;
    const unit: DemoUnit = {
      key: spec.key,
      name: spec.name,
      shortName: spec.shortName,
      parentKey: COMMITTEE_KEY,
      kind: 'unit',
      code: `JC${pad(sort, 3)}`,
      sort,
      category: spec.category,
    };
    // Each unit's own stream, so adding a unit never reshapes the others.
    const rng = createRandom(seedFromString(`structure:${spec.key}`));
    const pool = [...new Set([...spec.departments, ...GENERIC_DEPARTMENTS[spec.category]])];
    const office = GENERIC_DEPARTMENTS[spec.category][0]!;
    const line = pool.filter((d) => d !== office);
    const departmentCount = rng.int(2, Math.min(5, line.length + 1));
    const departments = [office, ...line.slice(0, departmentCount - 1)].map((d, j) =>
      child(unit, 'department', j + 1, d),
    );
    const branches = branchNames(spec, rng.int(1, 4)).map((b, j) =>
      child(unit, 'branch', j + 1, b),
    );
    return { unit, spec, branches, departments };
  });
  return { committee, units };
}

function deputyOf(head: string): string {
  if (head.startsWith('常务副')) return head.slice(2);
  if (head.startsWith('副')) return head;
  return `副${head}`;
}

function partyPost(spec: UnitSpec): string {
  if (spec.party !== undefined) return spec.party;
  switch (spec.category) {
    case '政府工作部门':
    case '群团':
      return '党组书记';
    case '事业单位':
    case '国企':
      return '党委书记';
    default:
      return '';
  }
}

function leaderTitle(spec: UnitSpec): string {
  if (spec.leaderTitle) return spec.leaderTitle;
  const party = partyPost(spec);
  return party ? `${party}、${spec.head}` : spec.head;
}

/** Titles of the other leading-group members, most senior first. */
function memberTitles(spec: UnitSpec): string[] {
  const deputy = deputyOf(spec.head);
  if (spec.category === '国企') {
    return [
      '党委副书记、总经理',
      '党委委员、副总经理',
      '党委委员、纪委书记',
      '党委委员、副总经理',
      '党委委员、总会计师',
    ];
  }
  if (spec.category === '事业单位') {
    return [
      '党委副书记',
      `党委委员、${deputy}`,
      '党委委员、纪委书记',
      `党委委员、${deputy}`,
      deputy,
    ];
  }
  if (partyPost(spec) === '党组书记') {
    return [
      `党组成员、${deputy}`,
      `党组成员、${deputy}`,
      '党组成员、市纪委监委派驻纪检监察组组长',
      deputy,
      '二级调研员',
    ];
  }
  const first = spec.head === '部长' ? `常务${deputy}` : deputy;
  return [first, deputy, '机关党委书记', deputy, '一级调研员'];
}

function departmentHeadTitle(department: string): string {
  if (department === '机关党委办公室') return '主任';
  if (department.endsWith('科')) return '科长';
  if (department.endsWith('处')) return '处长';
  if (department.endsWith('部')) return '部长';
  if (department.endsWith('台')) return '台长';
  return '主任'; // 室, 中心, 委员会
}

/** Units where the seed's story needs the role whatever the seed: the network-duty and media leads. */
const ALWAYS_EDITOR = new Set(['xcb', 'wxb', 'gbdst', 'rbs', 'fl', 'wl']);
const ALWAYS_DUTY = new Set(['xcb', 'wxb', 'gbdst', 'rbs', 'swb', 'zfb']);

class Staffing {
  readonly people: DemoPerson[] = [];
  private readonly names = new Set<string>();
  private readonly phones = new Set<string>();
  constructor(private rng: Random) {}

  /** Later people draw from another generator, leaving everyone drawn so far as they were. */
  drawFrom(rng: Random) {
    this.rng = rng;
  }

  add(
    key: string,
    unitKey: string,
    title: string,
    options: {
      username?: string;
      roles?: { role: RoleName; unitKey: string }[];
      leadingGroup?: boolean;
    } = {},
  ): DemoPerson {
    const person: DemoPerson = {
      key,
      name: personName(this.rng, this.names),
      unitKey,
      title,
      phone: phoneNumber(this.rng, this.phones),
      username: options.username ?? null,
      roles: options.roles ?? [],
      leadingGroup: options.leadingGroup ?? false,
    };
    this.people.push(person);
    return person;
  }
}

function staffCommittee(staff: Staffing, committee: UnitStructure): void {
  const c = COMMITTEE_KEY;
  staff.add(`${c}.leader`, c, '市委副秘书长、市直机关工委书记', { leadingGroup: true });
  staff.add(`${c}.lg1`, c, '市直机关工委常务副书记', { leadingGroup: true });
  staff.add(`${c}.lg2`, c, '市直机关工委副书记', { leadingGroup: true });
  staff.add(`${c}.admin1`, c, '市直机关工委宣传统战部部长', {
    username: 'gw-admin',
    roles: [{ role: 'committee_admin', unitKey: c }],
    leadingGroup: true,
  });
  staff.add(`${c}.admin2`, c, '市直机关工委宣传统战部一级主任科员', {
    username: 'gw-admin2',
    roles: [{ role: 'committee_admin', unitKey: c }],
  });
  for (let i = 1; i <= 6; i++) {
    const n = pad(i, 2);
    // The group's leader (组长) signs in as dc-zz; the members by number.
    staff.add(`${c}.dc${n}`, c, i === 1 ? '市直机关工委督查组组长' : '市直机关工委督查组成员', {
      username: i === 1 ? 'dc-zz' : `dc-${n}`,
      roles: [{ role: 'inspector', unitKey: c }],
    });
  }
  staff.add(`${c}.zb`, c, '市直机关工委办公室值班员', {
    username: 'gw-zb',
    roles: [{ role: 'duty_officer', unitKey: c }],
  });
  for (const d of committee.departments) {
    staff.add(`${d.key}.head`, d.key, departmentHeadTitle(d.shortName));
  }
}

function staffUnit(staff: Staffing, rng: Random, s: UnitStructure): void {
  const k = s.unit.key;
  const soe = s.spec.category === '国企';
  staff.add(`${k}.leader`, k, leaderTitle(s.spec), {
    username: `${k}-ld`,
    roles: [{ role: 'unit_leader', unitKey: k }],
    leadingGroup: true,
  });
  const members = memberTitles(s.spec).slice(0, rng.int(2, 5));
  members.forEach((title, i) => {
    staff.add(`${k}.lg${i + 1}`, k, title, { leadingGroup: true });
  });
  const liaisonTitles = soe
    ? ['党群工作部副部长', '党群工作部主管']
    : ['办公室副主任', '机关党委专职副书记', '办公室一级主任科员', '机关党委办公室副主任'];
  staff.add(`${k}.liaison`, k, rng.pick(liaisonTitles), {
    username: `${k}-lly`,
    roles: [{ role: 'unit_liaison', unitKey: k }],
  });
  if (ALWAYS_EDITOR.has(k) || rng.next() < 0.6) {
    const titles = soe ? ['党群工作部宣传专员'] : ['宣传干事', '办公室信息员', '办公室一级科员'];
    staff.add(`${k}.editor`, k, rng.pick(titles), {
      username: `${k}-bj`,
      roles: [{ role: 'editor', unitKey: k }],
    });
  }
  if (ALWAYS_DUTY.has(k) || rng.next() < 0.5) {
    const titles = soe ? ['综合办公室值班员'] : ['办公室一级科员', '办公室二级主任科员', '值班员'];
    staff.add(`${k}.duty`, k, rng.pick(titles), {
      username: `${k}-zb`,
      roles: [{ role: 'duty_officer', unitKey: k }],
    });
  }
  for (const d of s.departments) {
    staff.add(`${d.key}.head`, d.key, departmentHeadTitle(d.shortName));
  }
}

/**
 * A unit that publishes (has an editor) has a first reviewer (初审) beside the editor. Added last,
 * from a generator of their own, so that the rest of the city is what it was before they existed.
 */
function addReviewers(staff: Staffing, units: UnitStructure[], seed: number): void {
  staff.drawFrom(createRandom(seedFromString(`reviewers:${seed}`)));
  const editors = new Set(
    staff.people.filter((p) => p.key.endsWith('.editor')).map((p) => p.unitKey),
  );
  for (const s of units) {
    const k = s.unit.key;
    if (!editors.has(k)) continue;
    const soe = s.spec.category === '国企';
    staff.add(`${k}.reviewer`, k, soe ? '党群工作部宣传审核专员' : '办公室信息审核员', {
      username: `${k}-sh`,
      roles: [{ role: 'reviewer', unitKey: k }],
    });
  }
}

/** The whole demo city. Same seed → deep-equal result; the org chart is the same for every seed. */
export function demoCity(seed: number = DEMO_SEED): DemoCity {
  const { committee, units } = buildStructure();
  const all: DemoUnit[] = [committee.unit, ...committee.departments, ...committee.branches];
  for (const s of units) all.push(s.unit, ...s.branches, ...s.departments);

  const rng = createRandom(seed);
  const staff = new Staffing(rng);
  staffCommittee(staff, committee);
  for (const s of units) staffUnit(staff, rng, s);
  addReviewers(staff, units, seed);
  return { units: all, people: staff.people };
}

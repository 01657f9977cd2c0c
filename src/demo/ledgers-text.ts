import type { ActivityType } from '../activities/tables.js';
import type { Random } from './random.js';

/**
 * Wording of the demo ledgers: titles, topics and minutes a municipal organ would actually write,
 * assembled from small pools so two units never read alike. Written for this project; the themes
 * follow the calendar of political study in 2024–2026 (facts only).
 */

interface Theme {
  text: string;
  /** Months (1–12) in which the theme is topical; absent = all year. */
  from?: number;
  to?: number;
}

const THEMES: Record<number, Theme[]> = {
  2024: [
    { text: '党纪学习教育和《中国共产党纪律处分条例》', from: 3, to: 8 },
    { text: '全国两会精神', from: 3, to: 5 },
    { text: '党的二十届三中全会精神', from: 7, to: 12 },
    { text: '习近平文化思想' },
    { text: '习近平总书记关于意识形态工作的重要论述' },
    { text: '《党委（党组）意识形态工作责任制实施办法》' },
    { text: '《中国共产党宣传工作条例》' },
    { text: '总体国家安全观和网络意识形态安全' },
    { text: '庆祝中华人民共和国成立75周年有关精神', from: 9, to: 10 },
  ],
  2025: [
    { text: '深入贯彻中央八项规定精神学习教育', from: 3, to: 8 },
    { text: '全国两会精神', from: 3, to: 5 },
    { text: '纪念中国人民抗日战争暨世界反法西斯战争胜利80周年有关精神', from: 8, to: 9 },
    { text: '党的二十届四中全会精神', from: 10, to: 12 },
    { text: '习近平新时代中国特色社会主义思想' },
    { text: '习近平总书记关于意识形态工作的重要论述' },
    { text: '《中国共产党宣传工作条例》' },
    { text: '《党委（党组）意识形态工作责任制实施办法》' },
    { text: '习近平总书记关于网络强国的重要思想' },
  ],
  2026: [
    { text: '党的二十届四中全会精神', from: 1, to: 4 },
    { text: '全国两会精神和“十五五”规划纲要', from: 3, to: 7 },
    { text: '习近平总书记在庆祝中国共产党成立105周年之际的有关论述', from: 7, to: 8 },
    { text: '习近平新时代中国特色社会主义思想' },
    { text: '习近平文化思想' },
    { text: '习近平总书记关于意识形态工作的重要论述' },
    { text: '《中国共产党党员教育管理工作条例》' },
    { text: '总体国家安全观和网络意识形态安全' },
  ],
};

/** A theme topical in the given month of the year (themes of the nearest listed year otherwise). */
export function themeOf(rng: Random, year: number, month: number): string {
  const list = THEMES[year] ?? THEMES[year < 2024 ? 2024 : 2026]!;
  const topical = list.filter((t) => (t.from ?? 1) <= month && month <= (t.to ?? 12));
  return rng.pick(topical.length ? topical : list).text;
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1–99 in Chinese numerals, as meeting numbers are printed (第十二次). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${CN_DIGITS[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

const HALF = ['上半年', '下半年'];
export const halfName = (half: number) => HALF[half - 1]!;

// ------------------------------------------------------------------ responsibility

export function specialStudyTitle(rng: Random, body: string, year: number, half: number): string {
  return rng.pick([
    `${body}会议专题研究意识形态工作`,
    `${body}专题研究${year}年${halfName(half)}意识形态工作`,
    `${body}意识形态工作专题会议（${year}年${halfName(half)}）`,
    `专题研究部署意识形态工作责任制落实`,
  ]);
}

const SPECIAL_TOPICS = [
  '传达学习上级关于意识形态工作的部署要求',
  '研究制定本年度意识形态工作要点和责任清单',
  '听取分管领导关于意识形态阵地管理情况的汇报',
  '研究网站、公众号、电子屏等宣传阵地的审核把关制度',
  '部署重要时间节点的风险排查和舆情应对',
  '研究意识形态工作纳入党建述职和年度考核的办法',
  '通报上次专题会议议定事项落实情况',
  '研究意识形态工作队伍建设和业务培训安排',
];

const MINUTES_OPENINGS = [
  '会议认为，本单位意识形态领域总体平稳，干部职工思想积极健康。',
  '会议指出，意识形态工作是党的一项极端重要的工作，必须牢牢掌握领导权。',
  '会议强调，要把意识形态工作与业务工作同部署、同检查、同考核、同落实。',
  '会议认为，上一阶段各项任务推进有力，但阵地管理仍有薄弱环节。',
];
const MINUTES_MIDDLES = [
  '班子成员要切实履行“一岗双责”，抓好分管领域的意识形态工作。',
  '办公室牵头对网站、公众号、工作群逐一梳理，落实信息发布“三审三校”。',
  '各科室要及时掌握干部职工思想动态，对苗头性、倾向性问题早发现、早引导。',
  '机关党委要把意识形态内容纳入理论学习中心组和“三会一课”学习安排。',
  '要在重要时间节点加强值班值守，发现舆情第一时间报告、第一时间处置。',
  '要结合本单位业务特点，创新宣传方式，用身边事例讲好本系统故事。',
];
const MINUTES_CLOSINGS = [
  '会议明确了责任分工和完成时限，由办公室跟踪督办。',
  '会议要求于下次会议前报告落实情况。',
  '会后形成会议纪要，印发各科室（支部）执行。',
  '会议决定将有关情况按程序报市直机关工委。',
];

export function minutes(rng: Random): string {
  const middles = rng.shuffle(MINUTES_MIDDLES).slice(0, rng.int(2, 3));
  return [rng.pick(MINUTES_OPENINGS), ...middles, rng.pick(MINUTES_CLOSINGS)].join('');
}

export function specialStudyTopics(rng: Random, year: number, month: number): string {
  const first = `学习${themeOf(rng, year, month)}`;
  return [first, ...rng.shuffle(SPECIAL_TOPICS).slice(0, rng.int(2, 3))].join('；');
}

export function analysisTitle(rng: Random, year: number, half: number): string {
  return rng.pick([
    `${year}年${halfName(half)}意识形态工作分析研判会`,
    `意识形态领域形势分析研判会议（${year}年${halfName(half)}）`,
    `${halfName(half)}意识形态和网络舆情分析研判会`,
  ]);
}

const ANALYSIS_TOPICS = [
  '研判本系统意识形态领域总体形势',
  '梳理干部职工思想动态和关注热点',
  '分析网络舆情和信访事项中的苗头性问题',
  '排查宣传阵地和对外发布中的风险点',
  '研判重大改革任务推进中的思想波动',
  '研究风险防范化解和正面引导措施',
];
export function analysisTopics(rng: Random): string {
  return rng.shuffle(ANALYSIS_TOPICS).slice(0, rng.int(3, 4)).join('；');
}

export function reportTitle(body: string, year: number): string {
  return `${body}关于${year}年度落实意识形态工作责任制情况的报告`;
}

/** Fields (分管领域) a leading-group member covers, by seniority. */
export const FIELDS = [
  '全面工作；意识形态工作第一责任人',
  '机关党建、宣传思想文化和意识形态工作',
  '网站、政务新媒体和信息发布审核',
  '分管业务领域的意识形态工作和干部思想动态',
  '纪律作风建设、廉政教育阵地',
  '工会、共青团、妇委会等群团组织的意识形态工作',
];

// ------------------------------------------------------------------ study

const PARTY_GROUP_BUSINESS = [
  '研究年度重点工作任务分解',
  '审议机关内部管理制度修订稿',
  '研究干部教育培训计划',
  '听取上季度重点工作进展情况汇报',
  '研究预算执行和项目资金安排',
  '研究安全生产和信访稳定工作',
  '研究机关党建工作要点',
  '审议年度工作总结和下一年度工作思路',
  '研究人事调整有关事项',
  '听取巡察反馈问题整改情况汇报',
];
export function partyGroupTopics(
  rng: Random,
  year: number,
  month: number,
  firstTopic: boolean,
): string {
  const business = rng.shuffle(PARTY_GROUP_BUSINESS).slice(0, rng.int(1, 3));
  return firstTopic
    ? [`第一议题：学习${themeOf(rng, year, month)}`, ...business].join('；')
    : business.join('；');
}

export function centralGroupTitle(rng: Random, body: string, year: number, n: number): string {
  return rng.pick([
    `${year}年${body}理论学习中心组第${chineseNumber(n)}次集体学习`,
    `理论学习中心组${year}年第${chineseNumber(n)}次专题学习`,
  ]);
}
export function centralGroupTopics(rng: Random, year: number, month: number): string {
  const theme = themeOf(rng, year, month);
  return rng.pick([
    `专题学习${theme}，班子成员结合分管工作交流发言`,
    `集中学习${theme}；围绕意识形态工作责任制开展研讨`,
    `学习${theme}，邀请市委党校教师辅导`,
    `原原本本学习${theme}，主要负责同志作总结讲话`,
  ]);
}

const BRANCH_MEETING_ITEMS = [
  '通报党费收缴和使用情况',
  '讨论入党积极分子培养考察情况',
  '传达上级党组织会议精神',
  '开展党员民主评议准备工作',
  '部署下一阶段支部工作',
  '讨论支部年度工作计划',
];
export function memberMeetingTopics(rng: Random, year: number, month: number): string {
  return [
    `学习${themeOf(rng, year, month)}`,
    ...rng.shuffle(BRANCH_MEETING_ITEMS).slice(0, 2),
  ].join('；');
}
const COMMITTEE_ITEMS = [
  '研究本月主题党日活动安排',
  '分析党员思想动态',
  '研究党员发展和教育管理工作',
  '安排党小组学习内容',
  '研究支部意识形态工作落实情况',
  '检查上月工作完成情况',
];
export function committeeTopics(rng: Random): string {
  return rng.shuffle(COMMITTEE_ITEMS).slice(0, rng.int(2, 3)).join('；');
}
export function groupMeetingTopics(rng: Random, year: number, month: number): string {
  return rng.pick([
    `集体学习${themeOf(rng, year, month)}，党员逐一交流体会`,
    `学习${themeOf(rng, year, month)}并结合岗位谈认识`,
    `读原著学原文：${themeOf(rng, year, month)}`,
  ]);
}

const LECTURES = [
  '守好意识形态“责任田”',
  '以学铸魂、以学增智、以学正风、以学促干',
  '弘扬红旗渠精神，争做新时代奋斗者',
  '从党的百年奋斗中汲取前进力量',
  '严守政治纪律和政治规矩',
  '坚定文化自信，建设文化强国',
  '把牢网络意识形态主动权',
  '做对党忠诚的机关干部',
  '筑牢拒腐防变的思想防线',
  '在本职岗位上践行初心使命',
];
export function lectureTitle(rng: Random): string {
  return `专题党课：${rng.pick(LECTURES)}`;
}

const THEME_DAYS: Record<number, string[]> = {
  1: ['走访慰问困难党员和老党员', '开展年度学习计划交流'],
  2: ['重温入党誓词', '观看警示教育片'],
  3: ['学雷锋志愿服务进社区', '植树护绿志愿活动'],
  4: ['清明祭扫烈士陵园', '国家安全教育日知识答题'],
  5: ['参观廉政教育基地', '青年党员读书分享会'],
  6: ['“七一”前夕重温入党誓词', '党史知识竞赛'],
  7: ['庆祝建党纪念日专题活动', '赴红旗渠干部学院开展现场教学'],
  8: ['开展“学习强国”学习交流', '走进企业开展服务调研'],
  9: ['参观抗战纪念馆', '全民国防教育日主题学习'],
  10: ['国庆主题升旗仪式', '开展网络文明志愿活动'],
  11: ['宪法宣传进社区', '观看红色电影并交流'],
  12: ['国家宪法日学习活动', '年度党员“回头看”交流'],
};
export function themeDayTitle(rng: Random, month: number): string {
  return `${month}月主题党日：${rng.pick(THEME_DAYS[month]!)}`;
}

export const TALK_TOPICS = [
  '交流思想和工作情况，提醒严守纪律规矩',
  '了解家庭困难和工作压力，鼓励担当作为',
  '就分管领域意识形态工作交换意见',
  '岗位调整前谈心谈话',
  '年轻干部成长谈心，谈思想、谈作风、谈网络言行',
];

export function trainingTitle(rng: Random, year: number): string {
  return rng.pick([
    `参加${year}年全市意识形态工作业务培训班`,
    '网络意识形态安全与舆情应对专题培训',
    '宣传信息员业务能力提升培训',
    '意识形态工作队伍专题网上培训（干部网络学院）',
    '政务新媒体内容审核与风险防范培训',
  ]);
}

export function studyPlanTitle(body: string, year: number): string {
  return `${body}理论学习中心组${year}年度学习计划`;
}

// ------------------------------------------------------------------ activities

export interface ActivityIdea {
  type: ActivityType;
  title: string;
  brand?: string;
}
const GENERIC_ACTIVITIES: ActivityIdea[] = [
  { type: 'lecture', title: '党的创新理论进基层宣讲' },
  { type: 'lecture', title: '“学思想、强党性”微宣讲' },
  { type: 'reading', title: '“书香机关”读书分享会' },
  { type: 'reading', title: '青年理论学习小组读书会' },
  { type: 'volunteer', title: '文明城市创建志愿服务' },
  { type: 'volunteer', title: '进社区志愿服务' },
  { type: 'culture', title: '社会主义核心价值观主题宣传' },
  { type: 'culture', title: '机关文化长廊内容更新' },
  { type: 'theme-education', title: '爱国主义教育基地参观学习' },
  { type: 'theme-education', title: '红色教育主题活动' },
  { type: 'other', title: '宣传栏、电子屏专题内容更新' },
];

export function genericActivity(rng: Random): ActivityIdea {
  return rng.pick(GENERIC_ACTIVITIES);
}

/** Activities and brand projects particular to units the survey names. */
export const UNIT_ACTIVITIES: Record<string, ActivityIdea[]> = {
  fl: [
    { type: 'lecture', title: '学习宣传贯彻党的创新理论“巾帼大宣讲”', brand: '巾帼大宣讲' },
    { type: 'lecture', title: '“双千”活动：千场宣讲进村（社区）', brand: '“双千”活动' },
    { type: 'volunteer', title: '“知心大姐”工作站走访排查', brand: '“知心大姐”工作站' },
    { type: 'culture', title: '家庭家教家风主题宣传', brand: '巾帼大宣讲' },
    { type: 'theme-education', title: '“巾帼心向党”主题教育', brand: '“双千”活动' },
  ],
  wxb: [
    { type: 'volunteer', title: '“商e有爱”网络公益活动', brand: '“1＋3＋9”网络文明品牌' },
    { type: 'culture', title: '全市好网民评选宣传', brand: '“1＋3＋9”网络文明品牌' },
    { type: 'lecture', title: '网络人士同心圆座谈交流', brand: '“1＋3＋9”网络文明品牌' },
    { type: 'other', title: '“网信发布”专栏集中推送', brand: '网信发布' },
  ],
  xcb: [
    { type: 'lecture', title: '百姓宣讲团基层巡回宣讲', brand: '百姓宣讲团' },
    { type: 'culture', title: '新时代文明实践主题活动', brand: '新时代文明实践' },
    { type: 'reading', title: '全民阅读推广活动', brand: '书香江城' },
  ],
  kjj: [
    {
      type: 'theme-education',
      title: '“弘扬红旗渠精神 奋进新时代征程”主题党日',
      brand: '红旗渠精神传承',
    },
    { type: 'lecture', title: '科学家精神宣讲进园区', brand: '科技先锋' },
  ],
  lyzx: [
    { type: 'culture', title: '文明单位创建主题活动', brand: '绿色文明' },
    { type: 'volunteer', title: '义务植树志愿服务', brand: '绿色文明' },
  ],
  jtysj: [
    { type: 'culture', title: '公交客运站“文化长廊”核心价值观宣传', brand: '文化长廊' },
    { type: 'volunteer', title: '“温暖回家路”春运志愿服务', brand: '文化长廊' },
  ],
  wl: [
    { type: 'culture', title: '文艺志愿者送文化下基层', brand: '文艺惠民' },
    { type: 'culture', title: '公众号、视频号文艺作品推送', brand: '文艺惠民' },
  ],
  njzx: [
    { type: 'culture', title: '农机系统宣传栏和电子屏内容更新', brand: '农机阵地' },
    { type: 'lecture', title: '农机安全生产政策宣讲进乡村', brand: '农机阵地' },
  ],
  xczxj: [{ type: 'lecture', title: '乡村振兴政策宣讲进村', brand: '乡村振兴大讲堂' }],
  cl: [{ type: 'volunteer', title: '助残志愿服务', brand: '助残暖心' }],
  bb: [{ type: 'other', title: '公众号机构改革政策解读专栏', brand: '编办专栏' }],
};

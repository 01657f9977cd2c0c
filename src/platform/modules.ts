import type { SQL } from 'drizzle-orm';
import type { Principal } from './access.js';
import type { ServiceContext } from './context.js';
import type { RouteSpec } from './http.js';
import type { JobDefinition, ScheduleDefinition } from './jobs.js';
import type { RoleName } from './tables.js';

/** A menu module of the web app, shown to callers holding one of its roles. */
export interface ModuleEntry {
  id: string;
  roles: readonly RoleName[] | 'any-user';
}

/** An Excel ledger the CLI can export and import by name (`shoutu export <name>`). */
export interface LedgerEntry {
  label: string;
  export(ctx: ServiceContext): Promise<Buffer>;
  import(ctx: ServiceContext, file: Buffer): Promise<{ imported: number }>;
}

/**
 * One source of countable records for the cadence rules: a SELECT yielding the columns
 * `unit_id, type, occurred_at, period_key, first_topic, record_id` (one row per record). The
 * compliance engine counts the union of every module's sources; it knows no domain's tables.
 */
export interface CountableSource {
  /** The ledger (CLI name) the records are kept in; drill-downs open it. */
  ledger: string;
  select: SQL;
}

/**
 * What a change of a record kind means for the compliance views: `unit` — only the audited
 * unit's results can differ (a ledger row); `all` — anything can (rules, the unit tree).
 * Kinds without it change nothing compliance reads.
 */
export type ComplianceEffect = 'unit' | 'all';

/** A record kind a module audits (`<entity>.<verb>`), with its Chinese name. */
export interface AuditEntity {
  label: string;
  compliance?: ComplianceEffect;
  /** Chinese names of the fields its before/after states carry. */
  fields?: Record<string, string>;
}

/** The manifest of one domain (`src/<domain>/module.ts`): everything the platform iterates. */
export interface ModuleManifest {
  id: string;
  /** Chinese name of the domain. */
  label: string;
  routes?: RouteSpec[];
  /** Menu modules the web app shows (ids match web/src/menu.tsx). */
  menu?: ModuleEntry[];
  /** Excel ledgers by CLI name. */
  ledgers?: Record<string, LedgerEntry>;
  /** Countable records for cadence rules. */
  countables?: CountableSource[];
  /** Audited record kinds by entity name. */
  entities?: Record<string, AuditEntity>;
  /** Audit actions whose Chinese name is not `<verb><entity>` (e.g. `auth.login`: 登录). */
  actions?: Record<string, string>;
  /** Verbs this module adds to the platform's (create, update, delete, import, export, …). */
  verbs?: Record<string, string>;
  /**
   * Loads the module's entity fixtures (`registerEntityFixture` calls) for the access-matrix and
   * fuzz tests; loaded only by tests.
   */
  fixtures?: () => Promise<unknown>;
  /**
   * Loads the module's part of the demo city's ledgers (`src/<domain>/demo.ts` exporting `demo`;
   * src/demo/ledgers.ts knows its shape and runs every module's part in order).
   */
  demo?: () => Promise<unknown>;
  /** Job handlers (platform/jobs.ts) this module runs in `serve`/`worker` processes. */
  jobs?: JobDefinition<never>[];
  /** Cron schedules of those jobs (Beijing time), firing once per period across processes. */
  schedules?: ScheduleDefinition[];
}

export function modulesFor(principal: Principal, modules: readonly ModuleEntry[]): string[] {
  return modules
    .filter(
      (m) => m.roles === 'any-user' || principal.bindings.some((b) => m.roles.includes(b.role)),
    )
    .map((m) => m.id);
}

/** The platform's verbs; a module adds its own through `verbs`. */
const platformVerbs: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  import: '导入',
  export: '导出',
  read: '阅读',
  load: '加载',
};

/** The Chinese labels of everything an audit record names, built from the manifests. */
export interface AuditLabels {
  action(action: string): string;
  entity(entity: string): string;
  field(entity: string, field: string): string;
  /** A readable value: sources and yes/no in Chinese, everything else as itself. */
  value(field: string, value: unknown): string;
  source(source: string): string;
  /** Every action, entity or verb code whose label contains `text` (for searching by label). */
  codesMatching(text: string): { actions: string[]; entities: string[]; verbs: string[] };
}

/** Field names shared by many kinds; a kind's own `fields` take precedence. */
const commonFieldLabels: Record<string, string> = {
  id: '编号',
  unitId: '单位',
  unitIds: '单位',
  parentId: '上级单位',
  name: '名称',
  shortName: '简称',
  kind: '类型',
  type: '类型',
  title: '标题',
  year: '年度',
  status: '状态',
  note: '备注',
  content: '内容',
  topics: '议题',
  heldAt: '举行时间',
  heldOn: '举行日期',
  signedOn: '签订日期',
  submittedOn: '报送日期',
  adjustedOn: '调整日期',
  effectiveFrom: '生效日期',
  holder: '责任人',
  duty: '职责',
  displayName: '姓名',
  username: '账号',
  phone: '电话',
  role: '角色',
  roles: '角色',
  active: '启用',
  enabled: '启用',
  personId: '人员',
  groupId: '领导小组',
  lecturerId: '主讲人',
  lecturerName: '主讲人',
  firstTopic: '第一议题',
  minutes: '时长（分钟）',
  participants: '参加人数',
  sessions: '场次',
  beneficiaries: '受众人数',
  brandProject: '品牌项目',
  attachmentIds: '附件',
  filename: '文件名',
  mime: '文件类型',
  size: '大小',
  requirement: '考核要求',
  requirementId: '考核要求',
  version: '版本',
  imported: '导入条数',
  file: '文件',
  source: '来源',
  reason: '原因',
  code: '代码',
  entry: '词条',
  verbs: '动词',
  sort: '排序',
};

const sourceLabels: Record<string, string> = {
  web: '网页',
  cli: '命令行',
  job: '后台任务',
  system: '系统',
};

const methodLabels: Record<string, string> = {
  GET: '查看',
  POST: '提交',
  PUT: '保存',
  PATCH: '修改',
  DELETE: '删除',
};

export function auditLabels(manifests: readonly ModuleManifest[]): AuditLabels {
  const entities = new Map<string, AuditEntity>();
  const actions = new Map<string, string>();
  const verbs = new Map(Object.entries(platformVerbs));
  for (const m of manifests) {
    for (const [k, v] of Object.entries(m.entities ?? {})) entities.set(k, v);
    for (const [k, v] of Object.entries(m.actions ?? {})) actions.set(k, v);
    for (const [k, v] of Object.entries(m.verbs ?? {})) verbs.set(k, v);
  }
  const entity = (code: string) => entities.get(code)?.label ?? code;
  const action = (code: string): string => {
    const explicit = actions.get(code);
    if (explicit) return explicit;
    const denied = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/.exec(code);
    if (denied) return `${methodLabels[denied[1]!]} ${denied[2]}`;
    const dot = code.lastIndexOf('.');
    if (dot > 0) {
      const kind = entities.get(code.slice(0, dot));
      const verb = verbs.get(code.slice(dot + 1));
      if (kind && verb) return `${verb}${kind.label}`;
    }
    return code;
  };
  return {
    action,
    entity,
    field: (kind, field) =>
      entities.get(kind)?.fields?.[field] ?? commonFieldLabels[field] ?? field,
    value(field, value) {
      if (value === null || value === undefined || value === '') return '—';
      if (typeof value === 'boolean') return value ? '是' : '否';
      if (field === 'source' && typeof value === 'string') return sourceLabels[value] ?? value;
      if (typeof value === 'object') return JSON.stringify(value);
      return String(value);
    },
    source: (s) => sourceLabels[s] ?? s,
    codesMatching(text) {
      const needle = text.trim();
      if (!needle) return { actions: [], entities: [], verbs: [] };
      const matchedEntities = [...entities].filter(([, v]) => v.label.includes(needle));
      const matchedActions = [...actions].filter(([, v]) => v.includes(needle)).map(([k]) => k);
      const matchedVerbs = [...verbs].filter(([, v]) => v.includes(needle)).map(([k]) => k);
      return {
        actions: matchedActions,
        entities: matchedEntities.map(([k]) => k),
        verbs: matchedVerbs,
      };
    },
  };
}

/** Whether an audit action can change what the compliance views read, and for whom. */
export function complianceEffect(
  manifests: readonly ModuleManifest[],
  action: string,
): ComplianceEffect | null {
  const dot = action.lastIndexOf('.');
  if (dot <= 0) return null;
  const verb = action.slice(dot + 1);
  if (verb === 'export' || verb === 'read') return null;
  for (const m of manifests) {
    const kind = m.entities?.[action.slice(0, dot)];
    if (kind) return kind.compliance ?? null;
  }
  return null;
}

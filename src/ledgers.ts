import { exportActivities, importActivities } from './activities/excel.js';
import { exportPeople, exportUnits, importPeople, importUnits } from './org/excel.js';
import type { ServiceContext } from './platform/context.js';
import {
  exportAssignments,
  exportLetters,
  exportMeetings,
  exportMembers,
  exportReports,
  importAssignments,
  importLetters,
  importMeetings,
  importMembers,
  importReports,
} from './responsibility/excel.js';
import { exportPlans, exportSessions, importPlans, importSessions } from './study/excel.js';

/** Every Excel ledger by its command-line name; each domain adds its own entries here. */
export interface Ledger {
  label: string;
  export(ctx: ServiceContext): Promise<Buffer>;
  import(ctx: ServiceContext, file: Buffer): Promise<{ imported: number }>;
}

export const ledgers: Record<string, Ledger> = {
  units: { label: '单位', export: exportUnits, import: importUnits },
  people: { label: '人员', export: exportPeople, import: importPeople },
  'leading-group-members': {
    label: '意识形态工作领导小组成员',
    export: (ctx) => exportMembers(ctx),
    import: importMembers,
  },
  'responsibility-assignments': {
    label: '意识形态工作责任分工',
    export: (ctx) => exportAssignments(ctx),
    import: importAssignments,
  },
  'responsibility-letters': {
    label: '意识形态工作责任书',
    export: (ctx) => exportLetters(ctx),
    import: importLetters,
  },
  'agenda-meetings': {
    label: '专题研究和分析研判会议',
    export: (ctx) => exportMeetings(ctx),
    import: importMeetings,
  },
  'yearly-reports': {
    label: '向市委报告落实责任制情况',
    export: (ctx) => exportReports(ctx),
    import: importReports,
  },
  'study-plans': { label: '年度学习计划', export: (ctx) => exportPlans(ctx), import: importPlans },
  'study-sessions': {
    label: '理论学习和组织生活记录',
    export: (ctx) => exportSessions(ctx),
    import: importSessions,
  },
  activities: {
    label: '活动记录',
    export: (ctx) => exportActivities(ctx),
    import: importActivities,
  },
};

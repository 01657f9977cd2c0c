// The module menu is data: the server says which modules the caller may open (`me.modules`) and
// each module contributes its entries here. A new module adds one entry to MODULE_MENU.
import {
  ApartmentOutlined,
  AuditOutlined,
  BellOutlined,
  BookOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FlagOutlined,
  GlobalOutlined,
  HomeOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Role } from './api/types.js';
import { type MessageId, t } from './locale/zh-CN.js';

export interface MenuEntry {
  path: string;
  label: MessageId;
  icon: ReactNode;
  page: LazyExoticComponent<ComponentType>;
  /** A routed page that is not a menu item (e.g. a detail view with a path parameter). */
  hideInMenu?: boolean;
  /** Roles within the module that see the entry; absent = everyone the module is shown to. */
  roles?: readonly Role[];
}

export interface ModuleMenu {
  module: string;
  entries: MenuEntry[];
}

export const MODULE_MENU: ModuleMenu[] = [
  {
    module: 'org',
    entries: [
      {
        path: '/org/units',
        label: 'menu.org.units',
        icon: <ApartmentOutlined />,
        page: lazy(() => import('./pages/org/units/index.js')),
      },
      {
        path: '/org/people',
        label: 'menu.org.people',
        icon: <TeamOutlined />,
        page: lazy(() => import('./pages/org/people/index.js')),
      },
    ],
  },
  {
    module: 'audit',
    entries: [
      {
        path: '/audit',
        label: 'menu.audit',
        icon: <AuditOutlined />,
        page: lazy(() => import('./pages/audit/index.js')),
      },
    ],
  },
  {
    module: 'jobs',
    entries: [
      {
        path: '/jobs',
        label: 'menu.jobs',
        icon: <ScheduleOutlined />,
        page: lazy(() => import('./pages/jobs/index.js')),
      },
    ],
  },
  {
    module: 'rectifications',
    entries: [
      {
        path: '/rectifications',
        label: 'menu.rectifications',
        icon: <CheckSquareOutlined />,
        page: lazy(() => import('./pages/rectifications/index.js')),
        roles: ['unit_liaison', 'unit_leader'],
      },
      {
        path: '/rectifications/city',
        label: 'menu.rectifications.city',
        icon: <CheckSquareOutlined />,
        page: lazy(() => import('./pages/rectifications/city.js')),
        roles: ['committee_admin', 'inspector'],
      },
    ],
  },
  {
    module: 'notifications',
    entries: [
      {
        path: '/notifications',
        label: 'menu.notifications',
        icon: <BellOutlined />,
        page: lazy(() => import('./pages/notifications/index.js')),
      },
    ],
  },
  {
    module: 'proofread',
    entries: [
      {
        path: '/proofread',
        label: 'menu.proofread',
        icon: <FileSearchOutlined />,
        page: lazy(() => import('./pages/proofread/index.js')),
      },
    ],
  },
  {
    module: 'dictionary',
    entries: [
      {
        path: '/proofread/dictionary',
        label: 'menu.proofread.dictionary',
        icon: <BookOutlined />,
        page: lazy(() => import('./pages/proofread/dictionary.js')),
      },
    ],
  },
  {
    module: 'compliance',
    entries: [
      {
        path: '/compliance',
        label: 'menu.compliance',
        icon: <DashboardOutlined />,
        page: lazy(() => import('./pages/compliance/index.js')),
      },
      {
        path: '/compliance/unit/:id',
        label: 'menu.compliance.unit',
        icon: <DashboardOutlined />,
        page: lazy(() => import('./pages/compliance/unit.js')),
        hideInMenu: true,
      },
      {
        path: '/compliance/rules',
        label: 'menu.compliance.rules',
        icon: <ScheduleOutlined />,
        page: lazy(() => import('./pages/compliance/rules.js')),
        roles: ['committee_admin'],
      },
    ],
  },
  {
    module: 'responsibility',
    entries: [
      {
        path: '/responsibility',
        label: 'menu.responsibility',
        icon: <SafetyCertificateOutlined />,
        page: lazy(() => import('./pages/responsibility/index.js')),
      },
    ],
  },
  {
    module: 'study',
    entries: [
      {
        path: '/study',
        label: 'menu.study',
        icon: <ReadOutlined />,
        page: lazy(() => import('./pages/study/index.js')),
      },
    ],
  },
  {
    module: 'positions',
    entries: [
      {
        path: '/positions',
        label: 'menu.positions',
        icon: <GlobalOutlined />,
        page: lazy(() => import('./pages/positions/index.js')),
      },
      {
        path: '/positions/lectures',
        label: 'menu.positions.lectures',
        icon: <AuditOutlined />,
        page: lazy(() => import('./pages/positions/lectures.js')),
      },
      {
        path: '/positions/:id',
        label: 'menu.positions.detail',
        icon: <GlobalOutlined />,
        page: lazy(() => import('./pages/positions/detail.js')),
        hideInMenu: true,
      },
      {
        path: '/positions/checks/:id',
        label: 'menu.positions.check',
        icon: <GlobalOutlined />,
        page: lazy(() => import('./pages/positions/check.js')),
        hideInMenu: true,
      },
    ],
  },
  {
    module: 'activities',
    entries: [
      {
        path: '/activities',
        label: 'menu.activities',
        icon: <FlagOutlined />,
        page: lazy(() => import('./pages/activities/index.js')),
      },
    ],
  },
];

/** The entries the caller may open, in menu order (narrowed by role when `roles` is given). */
export function visibleEntries(modules: readonly string[], roles?: readonly Role[]): MenuEntry[] {
  const allowed = new Set(modules);
  return MODULE_MENU.filter((m) => allowed.has(m.module))
    .flatMap((m) => m.entries)
    .filter((e) => !e.roles || !roles || e.roles.some((r) => roles.includes(r)));
}

export interface LayoutRoute {
  /** The menu key ProLayout selects by (the path; 首页 needs its own, '/' is the root's). */
  key: string;
  path: string;
  name: string;
  icon: ReactNode;
  hideInMenu?: boolean;
}

/** 首页 (every signed-in user's to-do list) heads the menu, then the module entries. */
export const HOME_PATH = '/';

export function layoutRoutes(entries: MenuEntry[]): LayoutRoute[] {
  return [
    { key: 'home', path: HOME_PATH, name: t('menu.home'), icon: <HomeOutlined /> },
    ...entries.map((e) => ({
      key: e.path,
      path: e.path,
      name: t(e.label),
      icon: e.icon,
      ...(e.hideInMenu ? { hideInMenu: true } : {}),
    })),
  ];
}

/**
 * The one menu item to highlight for a location (its key): the longest visible menu path that is
 * the location itself or one of its parent folders ('/compliance/unit/7' → '/compliance'), so
 * '/compliance/rules' highlights 考核要求 alone, not 合规总览 as well.
 */
export function selectedMenuKey(
  pathname: string,
  routes: readonly Pick<LayoutRoute, 'key' | 'path' | 'hideInMenu'>[],
): string | undefined {
  let best: Pick<LayoutRoute, 'key' | 'path'> | undefined;
  for (const route of routes) {
    if (route.hideInMenu) continue;
    const path = route.path;
    const matches =
      path === HOME_PATH
        ? pathname === HOME_PATH
        : pathname === path || pathname.startsWith(`${path}/`);
    if (matches && (!best || path.length > best.path.length)) best = route;
  }
  return best?.key;
}

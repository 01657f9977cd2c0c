// The module menu is data: the server says which modules the caller may open (`me.modules`) and
// each module contributes its entries here. A new module adds one entry to MODULE_MENU.
import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  FileSearchOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import { type MessageId, t } from './locale/zh-CN.js';

export interface MenuEntry {
  path: string;
  label: MessageId;
  icon: ReactNode;
  page: LazyExoticComponent<ComponentType>;
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
];

/** The entries the caller may open, in menu order. */
export function visibleEntries(modules: readonly string[]): MenuEntry[] {
  const allowed = new Set(modules);
  return MODULE_MENU.filter((m) => allowed.has(m.module)).flatMap((m) => m.entries);
}

export interface LayoutRoute {
  path: string;
  name: string;
  icon: ReactNode;
}

export function layoutRoutes(entries: MenuEntry[]): LayoutRoute[] {
  return entries.map((e) => ({ path: e.path, name: t(e.label), icon: e.icon }));
}

/**
 * The console's pages, each loaded when first opened (the first load stays small: quality.md ≤ 500 KB), and who may open them (product.md §9): the roles match the contract's `roles` of
 * the operations each page calls (`ADMIN` may open every page).
 */
import { lazy, type ComponentType } from 'react';
import type { OperatorRole } from '@puhui/shared';
const OverviewPage = lazy(() => import('./pages/Overview').then((m) => ({ default: m.OverviewPage })));
const ImportPage = lazy(() => import('./pages/Import').then((m) => ({ default: m.ImportPage })));
const LookupPage = lazy(() => import('./pages/Lookup').then((m) => ({ default: m.LookupPage })));
const EditionsPage = lazy(() => import('./pages/Editions').then((m) => ({ default: m.EditionsPage })));
const TariffsPage = lazy(() => import('./pages/Tariffs').then((m) => ({ default: m.TariffsPage })));
const RegionsPage = lazy(() => import('./pages/Regions').then((m) => ({ default: m.RegionsPage })));
const InstitutionsPage = lazy(() =>
  import('./pages/Institutions').then((m) => ({ default: m.InstitutionsPage })),
);
const RenewalsPage = lazy(() => import('./pages/Renewals').then((m) => ({ default: m.RenewalsPage })));
const EnterprisesPage = lazy(() =>
  import('./pages/Enterprises').then((m) => ({ default: m.EnterprisesPage })),
);
const CounterPage = lazy(() => import('./pages/Counter').then((m) => ({ default: m.CounterPage })));
const OperatorsPage = lazy(() => import('./pages/Operators').then((m) => ({ default: m.OperatorsPage })));
const PrivacyPage = lazy(() => import('./pages/Privacy').then((m) => ({ default: m.PrivacyPage })));
const AuditPage = lazy(() => import('./pages/Audit').then((m) => ({ default: m.AuditPage })));

export interface ConsolePage {
  key: string;
  title: string;
  roles: OperatorRole[];
  component: ComponentType;
}

export const PAGES: ConsolePage[] = [
  { key: 'overview', title: '概览', roles: ['OPERATIONS', 'AUDITOR'], component: OverviewPage },
  { key: 'import', title: '参保人导入', roles: ['REGISTRY'], component: ImportPage },
  { key: 'lookup', title: '参保人查询', roles: ['COUNTER'], component: LookupPage },
  { key: 'editions', title: '产品年度', roles: ['OPERATIONS'], component: EditionsPage },
  { key: 'tariffs', title: '居民医保缴费标准', roles: ['OPERATIONS'], component: TariffsPage },
  { key: 'regions', title: '统筹区设置', roles: ['OPERATIONS'], component: RegionsPage },
  { key: 'institutions', title: '定点机构', roles: ['OPERATIONS'], component: InstitutionsPage },
  { key: 'renewals', title: '续保', roles: ['OPERATIONS'], component: RenewalsPage },
  { key: 'enterprises', title: '企业登记', roles: ['OPERATIONS'], component: EnterprisesPage },
  { key: 'privacy', title: '隐私文本', roles: ['OPERATIONS'], component: PrivacyPage },
  { key: 'counter', title: '窗口办理', roles: ['COUNTER'], component: CounterPage },
  { key: 'operators', title: '操作员', roles: [], component: OperatorsPage },
  { key: 'audit', title: '审计日志', roles: ['AUDITOR'], component: AuditPage },
];

export function mayOpen(page: ConsolePage, role: OperatorRole): boolean {
  return role === 'ADMIN' || page.roles.includes(role);
}

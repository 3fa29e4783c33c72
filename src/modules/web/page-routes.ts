import type { Role } from '../../common/roles.js';

/** A page of the web front end (web/): its path, its title, who may open it. */
export interface PageRoute {
  path: string;
  title: string;
  roles: readonly Role[];
}

export const ALL_ROLES: readonly Role[] = ['admin', 'office', 'leadership', 'inspector', 'unit_manager', 'unit_staff'];

/** The bureau: reads every plan, report and document. */
const BUREAU: readonly Role[] = ['office', 'leadership', 'admin'];
/** Who may open the 问题线索 / 约谈 / 问责 registers' pages. */
export const REGISTER_READERS: readonly Role[] = ['office', 'leadership'];

/**
 * The one table of pages: the server gates these paths (session, role) before it serves the
 * page bundle, and the bundle's router and menu are built from the same table (baked in at build
 * time, see web/vite.config.ts), so the two cannot disagree.
 */
export const PAGE_ROUTES = {
  items: { path: '/items', title: '整改事项', roles: ALL_ROLES },
  item: { path: '/items/:id', title: '整改事项详情', roles: ALL_ROLES },
  inbox: { path: '/inbox', title: '通知', roles: ALL_ROLES },
  overdue: { path: '/office/overdue', title: '逾期督办', roles: ['office', 'leadership', 'admin'] },
  review: { path: '/office/review', title: '销号审核', roles: ['office'] },
  extensions: { path: '/office/extensions', title: '延期审批', roles: ['office'] },
  import: { path: '/office/import', title: '导入与台账', roles: ['office', 'admin'] },
  inspections: { path: '/office/inspections', title: '巡视巡察', roles: ['office', 'admin'] },
  inspection: { path: '/office/inspections/:id', title: '巡视巡察详情', roles: ['office', 'admin'] },
  reconciliation: { path: '/office/reconciliation', title: '对账销号', roles: BUREAU },
  rechecks: { path: '/office/rechecks', title: '回头看', roles: ['office', 'leadership'] },
  // Registers units never see (the API answers 404 to anyone else, admin included).
  clues: { path: '/office/clues', title: '问题线索', roles: REGISTER_READERS },
  interviews: { path: '/office/interviews', title: '约谈记录', roles: REGISTER_READERS },
  accountability: { path: '/office/accountability', title: '问责记录', roles: REGISTER_READERS },
  bulletins: { path: '/office/bulletins', title: '通报', roles: BUREAU },
  groupFindings: { path: '/group/findings', title: '发现问题登记', roles: ['inspector'] },
  unitPlans: { path: '/unit-plans', title: '整改方案', roles: ['unit_manager', 'office'] },
  unitPlan: { path: '/unit-plans/:id', title: '整改方案（三张清单）', roles: ['unit_manager', 'office'] },
  owners: { path: '/unit/owners', title: '指派责任人', roles: ['unit_manager'] },
  selfChecks: { path: '/self-checks', title: '自查自纠', roles: ['unit_manager'] },
  officeSelfChecks: { path: '/office/self-checks', title: '自查自纠下发', roles: ['office'] },
  notices: { path: '/notices', title: '督办单', roles: ['unit_manager', 'office', 'leadership', 'admin'] },
  unitReports: { path: '/unit-reports', title: '整改情况报告', roles: ['unit_manager', 'office'] },
  unitReport: { path: '/unit-reports/:id', title: '整改情况报告详情', roles: ['unit_manager', 'office'] },
  dashboard: { path: '/dashboard', title: '领导看板', roles: ALL_ROLES },
  password: { path: '/me/password', title: '修改密码', roles: ALL_ROLES },
  users: { path: '/admin/users', title: '用户管理', roles: ['admin'] },
  units: { path: '/admin/units', title: '单位管理', roles: ['admin'] },
  securityEvents: { path: '/admin/security-events', title: '安全事件', roles: ['admin'] },
} satisfies Record<string, PageRoute>;

export type PageName = keyof typeof PAGE_ROUTES;

/** A labelled cluster of the menu; `title: null` is a plain run of links. */
export interface MenuSection {
  title: string | null;
  pages: PageName[];
}

/**
 * The menu of each kind of user, in sections, in the order they use it; the first entry is their
 * home. The office reaches some eighteen pages, so its menu is grouped by the work (督办, the units'
 * plans and reports, the registers, figures, set-up); every link stays visible (no hover menus) so
 * it is one click and one Tab stop away.
 */
export const MENU: Record<Role, MenuSection[]> = {
  office: [
    { title: '日常督办', pages: ['overdue', 'review', 'extensions', 'notices', 'rechecks'] },
    { title: '单位整改', pages: ['unitPlans', 'unitReports', 'officeSelfChecks'] },
    { title: '台账登记', pages: ['clues', 'interviews', 'accountability'] },
    { title: '统计通报', pages: ['reconciliation', 'bulletins', 'dashboard'] },
    { title: '组织设置', pages: ['inspections', 'import'] },
    { title: null, pages: ['items', 'inbox'] },
  ],
  leadership: [
    { title: '统计通报', pages: ['dashboard', 'reconciliation', 'bulletins'] },
    { title: '督办', pages: ['overdue', 'notices', 'rechecks'] },
    { title: '台账登记', pages: ['clues', 'interviews', 'accountability'] },
    { title: null, pages: ['items', 'inbox'] },
  ],
  admin: [
    { title: '系统管理', pages: ['users', 'units', 'securityEvents'] },
    { title: '整改情况', pages: ['dashboard', 'reconciliation', 'overdue', 'items', 'import', 'bulletins'] },
    { title: null, pages: ['inbox'] },
  ],
  inspector: [{ title: null, pages: ['groupFindings', 'items', 'inbox'] }],
  unit_manager: [{ title: null, pages: ['items', 'unitPlans', 'owners', 'selfChecks', 'notices', 'unitReports', 'inbox'] }],
  unit_staff: [{ title: null, pages: ['items', 'inbox'] }],
};

/** Each role's menu as one list, in order (the sections flattened). */
export const NAV = Object.fromEntries(Object.entries(MENU).map(([role, sections]) => [role, sections.flatMap((s) => s.pages)])) as Record<
  Role,
  PageName[]
>;

/** Where `/` sends each role. */
export function homeOf(role: Role): string {
  return PAGE_ROUTES[NAV[role][0]].path;
}

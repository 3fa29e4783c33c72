import { MENU, PAGES } from 'virtual:server-tables';
import { createRouter, createWebHistory, type RouteComponent, type RouteRecordRaw } from 'vue-router';
import { currentUser, loadUser } from '../session';

/** One view per page of the server's table (src/modules/web/page-routes.ts); loaded on demand. */
const VIEWS: Record<string, () => Promise<RouteComponent>> = {
  items: () => import('../views/items/index.vue'),
  item: () => import('../views/items/detail.vue'),
  inbox: () => import('../views/inbox/index.vue'),
  overdue: () => import('../views/office/overdue/index.vue'),
  review: () => import('../views/office/review/index.vue'),
  extensions: () => import('../views/office/extensions/index.vue'),
  import: () => import('../views/office/import/index.vue'),
  inspections: () => import('../views/office/inspections/index.vue'),
  inspection: () => import('../views/office/inspections/detail.vue'),
  reconciliation: () => import('../views/office/reconciliation/index.vue'),
  rechecks: () => import('../views/office/rechecks/index.vue'),
  clues: () => import('../views/office/registers/clues.vue'),
  interviews: () => import('../views/office/registers/interviews.vue'),
  accountability: () => import('../views/office/registers/accountability.vue'),
  bulletins: () => import('../views/office/bulletins/index.vue'),
  dashboard: () => import('../views/dashboard/index.vue'),
  password: () => import('../views/me/password.vue'),
  users: () => import('../views/admin/users/index.vue'),
  units: () => import('../views/admin/units/index.vue'),
  securityEvents: () => import('../views/admin/security-events/index.vue'),
  groupFindings: () => import('../views/group/findings/index.vue'),
  unitPlans: () => import('../views/unit/plans/index.vue'),
  unitPlan: () => import('../views/unit/plans/detail.vue'),
  owners: () => import('../views/unit/owners/index.vue'),
  selfChecks: () => import('../views/unit/self-checks/index.vue'),
  officeSelfChecks: () => import('../views/office/self-checks/index.vue'),
  notices: () => import('../views/unit/notices/index.vue'),
  unitReports: () => import('../views/unit/reports/index.vue'),
  unitReport: () => import('../views/unit/reports/detail.vue'),
};

const pageRoutes: RouteRecordRaw[] = Object.entries(PAGES).map(([name, p]) => ({
  path: p.path,
  name,
  component: VIEWS[name],
  meta: { title: p.title, roles: p.roles },
}));

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('../views/login/index.vue'), meta: { title: '登录', public: true } },
    // The server answers a first visit to / itself (303 to the role's home); this is for links inside the pages.
    { path: '/', name: 'home', redirect: () => (currentUser.value ? PAGES[MENU[currentUser.value.role][0].pages[0]].path : '/login') },
    ...pageRoutes,
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('../views/error/NotFound.vue'),
      meta: { title: '404 未找到', public: true },
    },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const user = await loadUser();
  if (!user) {
    location.href = `/login?next=${encodeURIComponent(to.fullPath)}`;
    return false;
  }
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '整改跟踪督办系统')} · 整改跟踪督办系统`;
});

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    roles?: string[];
    public?: boolean;
  }
}

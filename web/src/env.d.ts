declare module 'virtual:server-tables' {
  type Role = 'admin' | 'office' | 'leadership' | 'inspector' | 'unit_manager' | 'unit_staff';
  export const LABELS: Record<string, Record<string, string>>;
  export const PAGES: Record<string, { path: string; title: string; roles: Role[] }>;
  export const MENU: Record<Role, { title: string | null; pages: string[] }[]>;
}
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

import { ROLE_LABELS, type Role } from '../../common/roles.js';

/** The signed-in user as the pages show it. */
export interface PageUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
}

export interface NavLink {
  href: string;
  label: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The navigation each kind of user needs, in the order they use it. */
export function navFor(role: Role): NavLink[] {
  const items = { href: '/items', label: '整改事项' };
  const inbox = { href: '/inbox', label: '通知' };
  const dashboard = { href: '/dashboard', label: '领导看板' };
  const overdue = { href: '/office/overdue', label: '逾期督办' };
  switch (role) {
    case 'office':
      return [
        overdue,
        { href: '/office/review', label: '销号审核' },
        { href: '/office/extensions', label: '延期审批' },
        { href: '/office/import', label: '导入与台账' },
        items,
        dashboard,
        inbox,
      ];
    case 'leadership':
    case 'admin':
      return [dashboard, overdue, items, inbox];
    default:
      return [items, inbox];
  }
}

/** Where `/` sends each role. */
export function homeOf(role: Role): string {
  return navFor(role)[0].href;
}

export interface PageOptions {
  title: string;
  body: string;
  user?: PageUser | null;
  /** Module under /assets/js/ that drives the page. */
  script?: string;
  /** Path of the current page, to mark the nav link. */
  path?: string;
  scripts?: string[];
}

/** One layout for every page: skip link, header with navigation, main landmark, footer. */
export function renderPage(o: PageOptions): string {
  const user = o.user;
  const nav = user
    ? `<nav class="nav" aria-label="主导航"><ul>${navFor(user.role)
        .map((l) => {
          const current = o.path === l.href || (l.href !== '/' && o.path?.startsWith(`${l.href}/`));
          return `<li><a href="${l.href}"${current ? ' aria-current="page"' : ''}>${esc(l.label)}</a></li>`;
        })
        .join('')}</ul></nav>
      <div class="who">
        <span class="who-name">${esc(user.displayName)}</span>
        <span class="who-role">${esc(ROLE_LABELS[user.role])}${user.unitName ? ` · ${esc(user.unitName)}` : ''}</span>
        <button type="button" class="btn btn-link" id="logout">退出登录</button>
      </div>`
    : '';
  const data = user ? ` data-role="${esc(user.role)}" data-user-id="${esc(user.id)}" data-unit-id="${esc(user.unitId ?? '')}"` : '';
  const extra = (o.scripts ?? []).map((s) => `<script src="${esc(s)}" defer></script>`).join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} · 整改跟踪督办系统</title>
<link rel="stylesheet" href="/assets/css/app.css">
${extra}
${o.script ? `<script type="module" src="/assets/js/${esc(o.script)}.js"></script>` : ''}
</head>
<body${data}>
<a class="skip" href="#main">跳到主要内容</a>
<header class="top">
  <a class="brand" href="/">整改跟踪督办系统</a>
  ${nav}
</header>
<main id="main" tabindex="-1">
${o.body}
</main>
<div id="toast" class="toast" role="status" aria-live="polite"></div>
<footer class="foot">巡视巡察整改跟踪督办 · 发现问题是生命线，推动解决问题是落脚点</footer>
</body>
</html>`;
}

export function errorPage(status: 403 | 404, user: PageUser | null): string {
  const [title, text] =
    status === 404
      ? ['404 未找到', '您要访问的页面或整改事项不存在，或不在您的权限范围内。']
      : ['403 无权访问', '当前角色无权访问此页面。'];
  return renderPage({
    title,
    user,
    body: `<section class="error-page" aria-labelledby="err-title">
  <h1 id="err-title">${title}</h1>
  <p>${text}</p>
  <p><a class="btn" href="/">返回首页</a></p>
</section>`,
  });
}

// Shared helpers for every page: API calls with the session cookie and CSRF header, escaping,
// labels, and small renderers. Plain ES modules, no build step.

export const STATUS_LABELS = { pending: '待整改', in_progress: '整改中', submitted: '待审核', closed: '已销号' };
export const TYPE_LABELS = { immediate: '立行立改', time_limited: '限期整改', long_term: '长期坚持' };
export const LIGHT_LABELS = { red: '红灯', yellow: '黄灯', green: '绿灯', late: '超期' };
export const LIGHT_TEXT = { red: '逾期', yellow: '临期', green: '正常', late: '超期' };
export const ACTION_LABELS = { start: '开始整改', submit: '申请销号', approve: '审核通过（销号）', reject: '退回', reopen: '重新打开（问题反弹）' };
export const ESCALATION_LABELS = { 0: '未升级', 1: '一级 催办', 2: '二级 督办', 3: '三级 约谈' };

export const body = document.body.dataset;

export function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return '';
}

export class ApiError extends Error {
  constructor(status, payload) {
    super(payload?.message || `请求失败（${status}）`);
    this.status = status;
    this.payload = payload;
  }
}

/** fetch /api/v1 with the cookie; state-changing calls carry the CSRF token. */
export async function api(path, { method = 'GET', json, form } = {}) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = cookie('rectify_csrf');
  let payload;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(json);
  } else if (form) payload = form;
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 401) {
    location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
    throw new ApiError(401, { message: '登录已过期' });
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (res.status === 403 && data?.code === 'PASSWORD_CHANGE_REQUIRED') {
    location.href = `/login?change=1&next=${encodeURIComponent(location.pathname + location.search)}`;
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Like api(), but null on 404 (an endpoint that has not landed, or nothing there). */
export async function apiOptional(path) {
  try {
    return await api(path);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
    throw e;
  }
}

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

export function h(html) {
  const t = document.createElement('template');
  t.innerHTML = html.trim();
  return t.content;
}

export function lightBadge(light) {
  if (!light) return '';
  return `<span class="light light-${esc(light)}" title="${esc(LIGHT_LABELS[light])}"><span class="dot" aria-hidden="true"></span>${esc(LIGHT_TEXT[light])}</span>`;
}

export function statusBadge(status, label) {
  return `<span class="status status-${esc(status)}">${esc(label || STATUS_LABELS[status] || status)}</span>`;
}

export function fmtDate(d) {
  return d ? esc(String(d).slice(0, 10)) : '—';
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return esc(iso);
  return esc(d.toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }));
}

export function pct(rate) {
  if (rate === null || rate === undefined || Number.isNaN(Number(rate))) return '—';
  const n = Number(rate);
  return `${(n <= 1 ? n * 100 : n).toFixed(1)}%`;
}

export function toast(message, kind = 'ok') {
  const t = document.getElementById('toast');
  if (!t) return;
  t.textContent = message;
  t.className = `toast show toast-${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.className = 'toast'), 4000);
}

export function errorText(e) {
  if (e instanceof ApiError) {
    const details = Array.isArray(e.payload?.details)
      ? e.payload.details
          .map((d) => (d.field ? `${d.field}：${(d.messages || []).join('，')}` : d.message || ''))
          .filter(Boolean)
          .join('；')
      : '';
    return details ? `${e.message}（${details}）` : e.message;
  }
  return '网络错误，请稍后再试';
}

export function pager(nav, { page, pageSize, total }, go) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) {
    nav.innerHTML = '';
    return;
  }
  nav.innerHTML = `<button class="btn" type="button" data-p="${page - 1}" ${page <= 1 ? 'disabled' : ''}>上一页</button>
    <span>第 ${page} / ${pages} 页</span>
    <button class="btn" type="button" data-p="${page + 1}" ${page >= pages ? 'disabled' : ''}>下一页</button>`;
  nav.querySelectorAll('button[data-p]').forEach((b) => b.addEventListener('click', () => go(Number(b.dataset.p))));
}

export function empty(colspan, text) {
  return `<tr class="empty"><td colspan="${colspan}">${esc(text)}</td></tr>`;
}

// Logout on every signed-in page.
document.getElementById('logout')?.addEventListener('click', async () => {
  try {
    await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'x-csrf-token': cookie('rectify_csrf') }, credentials: 'same-origin' });
  } finally {
    location.href = '/login';
  }
});

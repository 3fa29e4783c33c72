import { esc } from './app.js';

/**
 * `next` resolved against this page's origin as the browser resolves it (backslashes, tabs and
 * newlines included), kept only when it stays on this origin as a path starting with a single "/".
 * The server applies the same rule (src/modules/web/next-path.ts).
 */
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2048 || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url;
  try {
    url = new URL(next, location.origin);
  } catch {
    return null;
  }
  if (url.origin !== location.origin || url.pathname.startsWith('//')) return null;
  return url.pathname + url.search + url.hash;
}

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
document.getElementById('username').focus();

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  error.textContent = '';
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username || !password) {
    error.textContent = '请输入用户名和密码';
    return;
  }
  const btn = form.querySelector('button[type=submit]');
  btn.disabled = true;
  try {
    const res = await fetch('/api/v1/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
      credentials: 'same-origin',
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      error.textContent = data.message || '登录失败';
      return;
    }
    location.href = safeNext(new URLSearchParams(location.search).get('next')) ?? '/';
  } catch {
    error.innerHTML = esc('网络错误，请稍后再试');
  } finally {
    btn.disabled = false;
  }
});

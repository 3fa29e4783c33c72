import { esc } from './app.js';

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
    const next = new URLSearchParams(location.search).get('next');
    location.href = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  } catch {
    error.innerHTML = esc('网络错误，请稍后再试');
  } finally {
    btn.disabled = false;
  }
});

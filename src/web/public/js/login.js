import { cookie, esc } from './app.js';

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
/** Shown only when needed, so that the sign-in form has the page's one "密码" field. */
const PASSWORD_FORM = `  <form id="password-form" class="card form" novalidate aria-labelledby="password-title">
    <h2 id="password-title">请先修改密码</h2>
    <p>管理员已重置您的密码。新密码至少 10 位，包含小写字母、大写字母、数字、符号中的至少 3 类，且不能与用户名相同。</p>
    <div class="field">
      <label for="current-password">当前密码</label>
      <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required maxlength="200">
    </div>
    <div class="field">
      <label for="new-password">新密码</label>
      <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required maxlength="200">
    </div>
    <div class="field">
      <label for="confirm-password">确认新密码</label>
      <input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required maxlength="200">
    </div>
    <p id="password-error" class="error" role="alert"></p>
    <button class="btn btn-primary" type="submit">修改密码并继续</button>
  </form>`;
const params = new URLSearchParams(location.search);
const goOn = () => {
  location.href = safeNext(params.get('next')) ?? '/';
};

/** An admin reset the password: a new one before anything else (the API refuses all else). */
function askForNewPassword(current = '') {
  let passwordForm = document.getElementById('password-form');
  if (!passwordForm) {
    form.insertAdjacentHTML('afterend', PASSWORD_FORM);
    passwordForm = document.getElementById('password-form');
    passwordForm.addEventListener('submit', (ev) => changePassword(ev, passwordForm));
  }
  form.hidden = true;
  passwordForm.hidden = false;
  passwordForm.currentPassword.value = current;
  (current ? passwordForm.newPassword : passwordForm.currentPassword).focus();
}

/** POST JSON with the CSRF header (ignored by the sign-in itself); the answer's status and body. */
async function post(path, json) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': cookie('rectify_csrf') },
    body: JSON.stringify(json),
    credentials: 'same-origin',
  });
  return { res, data: await res.json().catch(() => ({})) };
}

if (params.get('change') === '1') askForNewPassword();
else document.getElementById('username').focus();

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
    const { res, data } = await post('/api/v1/auth/session', { username, password });
    if (!res.ok) {
      error.textContent = data.message || '登录失败';
      return;
    }
    if (data.user?.mustChangePassword) askForNewPassword(password);
    else goOn();
  } catch {
    error.innerHTML = esc('网络错误，请稍后再试');
  } finally {
    btn.disabled = false;
  }
});

async function changePassword(ev, passwordForm) {
  ev.preventDefault();
  const passwordError = document.getElementById('password-error');
  passwordError.textContent = '';
  const currentPassword = passwordForm.currentPassword.value;
  const newPassword = passwordForm.newPassword.value;
  if (!currentPassword || !newPassword) {
    passwordError.textContent = '请输入当前密码和新密码';
    return;
  }
  if (newPassword !== passwordForm.confirmPassword.value) {
    passwordError.textContent = '两次输入的新密码不一致';
    return;
  }
  const btn = passwordForm.querySelector('button[type=submit]');
  btn.disabled = true;
  try {
    const { res, data } = await post('/api/v1/auth/password', { currentPassword, newPassword });
    if (res.status === 401) {
      // No session (it expired or ended): sign in first, the change is asked for again after.
      passwordForm.hidden = true;
      form.hidden = false;
      error.textContent = '请先登录';
      return;
    }
    if (!res.ok) {
      passwordError.textContent = data.message || '修改失败';
      return;
    }
    goOn();
  } catch {
    passwordError.textContent = '网络错误，请稍后再试';
  } finally {
    btn.disabled = false;
  }
}

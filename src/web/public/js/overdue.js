import { api, apiOptional, body, empty, errorText, esc, ESCALATION_LABELS, fmtDate, fmtTime, statusBadge, toast } from './app.js';

const tbody = document.querySelector('#overdue-table tbody');
const summary = document.getElementById('summary');
const sweep = document.getElementById('sweep');
const office = body.role === 'office';
if (!office) sweep.hidden = true;
const CHASE = { urge: '催办', supervise: '督办' };

const level = (r) => Number(r.escalationLevel ?? 0);

async function rows() {
  const report = await apiOptional('/reports/overdue');
  if (report) return Array.isArray(report) ? report : report.data || report.items || [];
  // Before the reports module answers: the overdue items themselves.
  const res = await api('/items?overdue=true&pageSize=200');
  return res.data;
}

async function load() {
  try {
    const list = (await rows()).slice().sort((a, b) => b.daysOverdue - a.daysOverdue || level(b) - level(a));
    summary.textContent = `逾期事项 ${list.length} 项`;
    tbody.innerHTML = list.length
      ? list
          .map((r) => {
            const id = r.id || r.itemId;
            const lv = level(r);
            return `<tr class="lv-${lv}">
        <td data-label="逾期天数"><strong class="text-red">${esc(r.daysOverdue)} 天</strong></td>
        <td data-label="督办层级"><span class="level level-${lv}">${esc(ESCALATION_LABELS[lv] || `${lv} 级`)}</span></td>
        <td data-label="整改事项"><a href="/items/${esc(id)}">${esc(r.title)}</a></td>
        <td data-label="责任单位">${esc(r.unit?.name || r.unitName || r.responsibleUnitName || '')}</td>
        <td data-label="责任人">${esc(r.owner?.displayName || r.ownerName || '未指派')}</td>
        <td data-label="整改时限">${fmtDate(r.deadline)}</td>
        <td data-label="状态">${statusBadge(r.status, r.statusLabel)}</td>
        <td data-label="操作"><div class="row-actions">${
          office
            ? `<button type="button" class="btn btn-small btn-primary" data-chase="urge" data-id="${esc(id)}" data-title="${esc(r.title)}">催办</button>
          <button type="button" class="btn btn-small btn-danger" data-chase="supervise" data-id="${esc(id)}" data-title="${esc(r.title)}">督办</button>`
            : ''
        }<a class="btn btn-small" href="/items/${esc(id)}#remind-title">催办记录</a></div></td>
      </tr>`;
          })
          .join('')
      : empty(8, '没有逾期事项');
  } catch (e) {
    summary.textContent = errorText(e);
  }
  await loadNotices();
}

/** 督办单 reply state: replied, awaiting (with its deadline), or overdue (chased). */
function replyState(n) {
  if (n.repliedAt) return '<span class="status status-closed">已回复</span>';
  if (!n.replyDue) return '';
  return n.replyOverdue
    ? `<span class="status status-rejected">逾期未回复（期限 ${fmtDate(n.replyDue)}）</span>`
    : `<span class="status status-pending">待回复（期限 ${fmtDate(n.replyDue)}）</span>`;
}

async function loadBoard() {
  const b = await apiOptional('/follow-up/board');
  if (!b) return;
  document.getElementById('board').innerHTML =
    `通知失败 <strong class="${b.failures ? 'text-red' : ''}">${esc(b.failures)}</strong> 条` +
    ` · 督办单待回复 ${esc(b.noticesAwaitingReply)} 份，其中逾期未回复 <strong class="${b.noticesOverdue ? 'text-red' : ''}">${esc(b.noticesOverdue)}</strong> 份`;
}

async function loadNotices() {
  await loadBoard();
  const notices = await apiOptional('/follow-up/supervision-notices?pageSize=20');
  const nlist = notices ? (Array.isArray(notices) ? notices : notices.data || []) : [];
  document.getElementById('notices').innerHTML =
    nlist
      .map(
        (n) =>
          `<li><time>${fmtTime(n.issuedAt || n.createdAt)}</time> <strong>${esc(n.number || n.noticeNumber || '')}</strong> ${esc(n.unitName || n.unit?.name || '')} ${
            n.itemId ? `<a href="/items/${esc(n.itemId)}">${esc(n.itemTitle || n.title || '查看事项')}</a>` : esc(n.title || '')
          } ${replyState(n)}</li>`,
      )
      .join('') || '<li class="muted">暂无督办单</li>';
}

sweep.addEventListener('click', async () => {
  sweep.disabled = true;
  const out = document.getElementById('sweep-result');
  out.textContent = '正在执行催办督办…';
  try {
    const r = await api('/follow-up/sweep?wait=true', { method: 'POST' });
    out.textContent = `已完成：生成 ${r.enqueued ?? 0} 条，送达 ${r.delivered ?? 0} 条。`;
    toast('催办督办已执行');
    await load();
  } catch (e) {
    out.textContent = errorText(e);
  } finally {
    sweep.disabled = false;
  }
});

// 催办 / 督办 one row: confirm in a dialog (optional note), then update the row in place.
const dialog = document.getElementById('chase-dialog');
const form = document.getElementById('chase-form');
const chaseError = document.getElementById('chase-error');
const chaseResult = document.getElementById('chase-result');
let chasing = null;

tbody.addEventListener('click', (ev) => {
  const btn = ev.target.closest('button[data-chase]');
  if (!btn) return;
  chasing = btn;
  const label = CHASE[btn.dataset.chase];
  document.getElementById('chase-title').textContent = `确认${label}`;
  document.getElementById('chase-what').textContent =
    btn.dataset.chase === 'urge'
      ? `对“${btn.dataset.title}”催办：立即通知责任人和单位负责人。`
      : `对“${btn.dataset.title}”督办：下发督办单，督办层级升至二级，通知单位负责人和巡察办。`;
  document.getElementById('chase-confirm').textContent = `确认${label}`;
  form.note.value = '';
  chaseError.textContent = '';
  dialog.showModal();
});

form.addEventListener('submit', async (ev) => {
  if (ev.submitter?.value !== 'confirm' || !chasing) return; // 取消: the dialog closes itself
  ev.preventDefault();
  const btn = chasing;
  const kind = btn.dataset.chase;
  const confirmBtn = document.getElementById('chase-confirm');
  confirmBtn.disabled = true;
  try {
    const note = form.note.value.trim();
    const r = await api(`/items/${btn.dataset.id}/chase`, { method: 'POST', json: { kind, note: note || undefined } });
    dialog.close();
    const tr = btn.closest('tr');
    if (kind === 'supervise') {
      const lv = Number(r.escalationLevel);
      tr.className = `lv-${lv}`;
      tr.querySelector('td[data-label="督办层级"]').innerHTML = `<span class="level level-${lv}">${esc(ESCALATION_LABELS[lv] || `${lv} 级`)}</span>`;
    }
    btn.disabled = true;
    btn.textContent = `今日已${CHASE[kind]}`;
    const msg = `已${CHASE[kind]}“${btn.dataset.title}”：通知 ${r.recipients.length} 人${r.supervisionNotice ? `，督办单 ${r.supervisionNotice}` : ''}。`;
    chaseResult.textContent = msg;
    toast(msg);
    if (r.supervisionNotice) await loadNotices();
  } catch (e) {
    chaseError.textContent = errorText(e);
  } finally {
    confirmBtn.disabled = false;
  }
});

load();

import { api, apiOptional, body, empty, errorText, esc, ESCALATION_LABELS, fmtDate, fmtTime, statusBadge, toast } from './app.js';

const tbody = document.querySelector('#overdue-table tbody');
const summary = document.getElementById('summary');
const sweep = document.getElementById('sweep');
if (body.role !== 'office') sweep.hidden = true;

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
        <td data-label="操作"><a class="btn btn-small" href="/items/${esc(id)}#remind-title">催办记录</a></td>
      </tr>`;
          })
          .join('')
      : empty(8, '没有逾期事项');
  } catch (e) {
    summary.textContent = errorText(e);
  }
  const notices = await apiOptional('/follow-up/supervision-notices?pageSize=20');
  const nlist = notices ? (Array.isArray(notices) ? notices : notices.data || []) : [];
  document.getElementById('notices').innerHTML =
    nlist
      .map(
        (n) =>
          `<li><time>${fmtTime(n.issuedAt || n.createdAt)}</time> <strong>${esc(n.number || n.noticeNumber || '')}</strong> ${esc(n.unitName || n.unit?.name || '')} ${
            n.itemId ? `<a href="/items/${esc(n.itemId)}">${esc(n.itemTitle || n.title || '查看事项')}</a>` : esc(n.title || '')
          }</li>`,
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

load();

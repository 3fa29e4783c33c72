import { api, errorText, esc, fmtDate, fmtTime, lightBadge, toast } from './app.js';

const queue = document.getElementById('queue');
const summary = document.getElementById('summary');

function card(item) {
  const evidence = (item.evidence || [])
    .map((e) => `<li><a href="/api/v1/evidence/${esc(e.id)}/download">${esc(e.originalName)}</a> <span class="muted small">${(Number(e.size) / 1024).toFixed(1)} KB</span></li>`)
    .join('') || '<li class="muted">无佐证材料（见书面说明）</li>';
  const progress = (item.progress || [])
    .slice(0, 3)
    .map((p) => `<li><time>${fmtTime(p.createdAt)}</time> ${p.percent !== null && p.percent !== undefined ? `${esc(p.percent)}% ` : ''}${esc(p.note)}</li>`)
    .join('');
  const rid = `reason-${esc(item.id)}`;
  return `<article class="card review" data-id="${esc(item.id)}" data-version="${esc(item.version)}" aria-labelledby="t-${esc(item.id)}">
    <h2 id="t-${esc(item.id)}"><a href="/items/${esc(item.id)}">${esc(item.title)}</a> ${lightBadge(item.light)}</h2>
    <p class="muted small">${esc(item.unit?.name || '')} · 责任人 ${esc(item.owner?.displayName || '未指派')} · 时限 ${fmtDate(item.deadline)}（原 ${fmtDate(item.originalDeadline)}）</p>
    <div class="grid-2">
      <div><h3>佐证材料</h3><ul class="files">${evidence}</ul></div>
      <div><h3>最近进展</h3><ul class="timeline">${progress || '<li class="muted">无</li>'}</ul></div>
    </div>
    <form class="form review-form">
      <div class="field"><label for="${rid}">退回理由（退回时必填）</label><textarea id="${rid}" name="reason" rows="2" maxlength="2000"></textarea></div>
      <button type="submit" class="btn btn-primary" name="action" value="approve">审核通过（销号）</button>
      <button type="submit" class="btn btn-danger" name="action" value="reject">退回</button>
      <p class="error" role="alert"></p>
    </form>
  </article>`;
}

async function load() {
  try {
    const res = await api('/items?status=submitted&pageSize=50');
    summary.textContent = `待审核 ${res.total} 项`;
    const details = await Promise.all(res.data.map((i) => api(`/items/${i.id}`)));
    queue.innerHTML = details.length ? details.map(card).join('') : '<p class="muted">没有待审核的销号申请</p>';
    queue.querySelectorAll('form.review-form').forEach((f) => f.addEventListener('submit', decide));
  } catch (e) {
    summary.textContent = errorText(e);
  }
}

async function decide(ev) {
  ev.preventDefault();
  const f = ev.currentTarget;
  const action = ev.submitter?.value || 'approve';
  const art = f.closest('article');
  const err = f.querySelector('.error');
  const reason = f.reason.value.trim();
  if (action === 'reject' && !reason) {
    err.textContent = '退回必须填写理由';
    f.reason.focus();
    return;
  }
  try {
    await api(`/items/${art.dataset.id}/transitions`, {
      method: 'POST',
      json: { action, reason: reason || undefined, version: Number(art.dataset.version) },
    });
    toast(action === 'approve' ? '已审核通过并销号' : '已退回');
    await load();
  } catch (e) {
    err.textContent = errorText(e);
  }
}

load();

import { api, apiOptional, empty, errorText, esc, fmtDate, lightBadge, pager, statusBadge, TYPE_LABELS } from './app.js';

const form = document.getElementById('filters');
const tbody = document.querySelector('#items-table tbody');
const summary = document.getElementById('summary');
const params = new URLSearchParams(location.search);
const FORM_FIELDS = ['q', 'status', 'light', 'overdue', 'unitId', 'type'];
// Filters that the dashboard links set and the form has no control for.
const EXTRA = { measureId: '整改措施', inspectionId: '巡察轮次', batchId: '批次', findingId: '发现问题', ownerId: '责任人', groupId: '巡察组' };

async function fillUnits() {
  const units = (await apiOptional('/units')) || [];
  const select = form.unitId;
  for (const u of Array.isArray(units) ? units : units.data || []) {
    const o = document.createElement('option');
    o.value = u.id;
    o.textContent = u.name;
    select.append(o);
  }
  if (select.options.length <= 2) select.closest('.field').hidden = true;
}

function restoreForm() {
  for (const f of FORM_FIELDS) {
    const v = params.get(f);
    if (v !== null && form[f]) form[f].value = v;
  }
}

async function describeExtras() {
  const parts = [];
  for (const [k, label] of Object.entries(EXTRA)) {
    const v = params.get(k);
    if (!v) continue;
    let text = v.slice(0, 8);
    if (k === 'measureId') {
      const m = await apiOptional(`/reports/measures`);
      const found = Array.isArray(m) ? m.find((x) => (x.id || x.measureId) === v) : null;
      if (found) text = `第 ${found.number} 条`;
    }
    parts.push(`${label}：${esc(text)}`);
  }
  const el = document.getElementById('active-filters');
  if (parts.length) el.innerHTML = `当前还按 ${parts.join('，')} 筛选。<a href="/items">清除全部筛选</a>`;
}

function row(i) {
  const overdue = i.overdue ? `<strong class="text-red">${esc(i.daysOverdue)} 天</strong>` : '—';
  return `<tr>
    <td data-label="预警">${i.lateLabel ? `<span class="light light-late" title="${esc(i.lateLabel)}"><span class="dot" aria-hidden="true"></span>${esc(i.lateLabel)}</span>` : lightBadge(i.light)}</td>
    <td data-label="整改事项"><a href="/items/${esc(i.id)}">${esc(i.title)}</a>
      <div class="muted small">${esc(TYPE_LABELS[i.rectificationType] || '')}${i.finding ? ` · ${esc(i.finding.category)}` : ''}</div></td>
    <td data-label="责任单位">${esc(i.unit?.name || '')}</td>
    <td data-label="责任人">${esc(i.owner?.displayName || '未指派')}</td>
    <td data-label="整改时限">${fmtDate(i.deadline)}${i.deadline !== i.originalDeadline ? `<div class="muted small">原 ${fmtDate(i.originalDeadline)}</div>` : ''}</td>
    <td data-label="状态">${statusBadge(i.status, i.statusLabel)}${i.returned ? ` <span class="status status-rejected" title="${esc(i.latestReturn?.reason || '')}">已退回</span>` : ''}</td>
    <td data-label="进度"><span class="progress" aria-label="完成 ${esc(i.progressPercent ?? 0)}%"><span style="width:${Math.max(0, Math.min(100, Number(i.progressPercent) || 0))}%"></span></span> ${esc(i.progressPercent ?? 0)}%</td>
    <td data-label="逾期天数">${overdue}</td>
  </tr>`;
}

async function load(page = Number(params.get('page')) || 1) {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v && k !== 'page') q.set(k, v);
  q.set('page', String(page));
  q.set('pageSize', '20');
  try {
    const res = await api(`/items?${q}`);
    tbody.innerHTML = res.data.length ? res.data.map(row).join('') : empty(8, '没有符合条件的整改事项');
    summary.textContent = `共 ${res.total} 项`;
    pager(document.getElementById('pager'), { page: res.page || page, pageSize: res.pageSize || 20, total: res.total }, (p) => {
      params.set('page', String(p));
      history.replaceState(null, '', `?${params}`);
      load(p);
    });
  } catch (e) {
    summary.textContent = errorText(e);
    tbody.innerHTML = '';
  }
}

async function lightCounts() {
  const base = new URLSearchParams();
  for (const [k, v] of params) if (v && !['page', 'light', 'overdue'].includes(k)) base.set(k, v);
  base.set('pageSize', '1');
  const counts = await Promise.all(
    ['red', 'yellow', 'late', 'green'].map(async (l) => {
      const q = new URLSearchParams(base);
      q.set('light', l);
      const r = await apiOptional(`/items?${q}`);
      return [l, r ? r.total : 0];
    }),
  );
  const names = { red: '红灯（逾期）', yellow: '黄灯（临期）', late: '超期提交/销号', green: '绿灯' };
  document.getElementById('lights').innerHTML = counts
    .map(([l, n]) => {
      const q = new URLSearchParams(base);
      q.delete('pageSize');
      q.set('light', l);
      return `<a class="light-count light-${l}" href="/items?${q}"><span class="dot" aria-hidden="true"></span>${names[l]} <strong>${n}</strong></a>`;
    })
    .join('');
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const next = new URLSearchParams();
  for (const k of Object.keys(EXTRA)) if (params.get(k)) next.set(k, params.get(k));
  for (const f of FORM_FIELDS) if (form[f].value) next.set(f, form[f].value);
  location.search = next.toString();
});

restoreForm();
await fillUnits();
restoreForm();
load();
lightCounts();
describeExtras();

import {
  ACTION_LABELS,
  api,
  apiOptional,
  body,
  errorText,
  esc,
  fmtDate,
  fmtTime,
  lightBadge,
  statusBadge,
  toast,
  TYPE_LABELS,
} from './app.js';

const id = location.pathname.split('/').pop();
const root = document.getElementById('item-root');
const EXT_STATUS = { pending: '待审批', approved: '已批准', rejected: '未批准' };
const ACTION_NAMES = {
  'item.create': '创建事项',
  'item.update': '修改事项',
  'item.assign': '指派责任人',
  'item.progress': '报送进展',
  'item.start': '开始整改',
  'item.submit': '申请销号',
  'item.approve': '审核通过（销号）',
  'item.reject': '退回',
  'item.reopen': '重新打开',
  'item.evidence': '上传佐证材料',
  'item.escalate': '督办升级',
  'item.import': '从台账导入',
  'progress.import': '从台账导入进展',
  'extension.request': '申请延期',
  'extension.approve': '批准延期',
  'extension.reject': '驳回延期',
  'extension.decide': '审批延期',
};

function fact(label, value) {
  return `<div><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
}

function renderFacts(item) {
  const el = document.getElementById('facts');
  const left = item.overdue
    ? `<strong class="text-red">已逾期 ${esc(item.daysOverdue)} 天</strong>`
    : item.daysLeft !== null && item.daysLeft !== undefined
      ? `剩余 ${esc(item.daysLeft)} 天`
      : '—';
  el.innerHTML = [
    fact('责任单位', esc(item.unit?.name || '')),
    fact('责任人', esc(item.owner?.displayName || '未指派')),
    fact('整改类型', esc(TYPE_LABELS[item.rectificationType] || item.rectificationType)),
    fact('整改时限', `${fmtDate(item.deadline)}${item.originalDeadline !== item.deadline ? `（原时限 ${fmtDate(item.originalDeadline)}）` : ''}`),
    fact('剩余/逾期', left),
    fact('完成进度', `${esc(item.progressPercent ?? 0)}%`),
    fact('整改措施', esc(item.actions || '—')),
    fact('问题描述', esc(item.finding?.description || '—')),
  ].join('');
}

/** The latest 退回 and its reason, at the top: what to fix before submitting again. */
function renderReturn(item) {
  const el = document.getElementById('item-return');
  const r = item.latestReturn;
  if (!r) return;
  el.hidden = false;
  el.innerHTML = `<strong>${item.returned ? '已退回' : '最近一次退回'}</strong>（${fmtTime(r.at)} ${esc(r.by?.name || '')}）：${esc(r.reason)}`;
}

function renderTrace(t) {
  const el = document.getElementById('trace');
  const steps = [];
  const higher = new Map();
  const problems = [];
  for (const m of t.measures || []) {
    for (const p of m.feedbackProblems || []) {
      if (p.inspection) higher.set(p.inspection.id, p.inspection);
      if (!problems.some((x) => x.code === p.code)) problems.push(p);
    }
  }
  steps.push(
    `<li><span class="step-label">上级巡视</span><div>${
      higher.size
        ? [...higher.values()].map((i) => `${esc(i.title)}${i.inspectingBody ? `（${esc(i.inspectingBody)}）` : ''}`).join('；')
        : '<span class="muted">未关联</span>'
    }</div></li>`,
  );
  steps.push(
    `<li><span class="step-label">反馈问题</span><div>${
      problems.length ? `<ul>${problems.map((p) => `<li>${esc(p.code)} ${esc(p.description)}</li>`).join('')}</ul>` : '<span class="muted">未关联</span>'
    }</div></li>`,
  );
  steps.push(
    `<li><span class="step-label">整改措施</span><div>${
      (t.measures || []).length
        ? `<ul>${t.measures.map((m) => `<li><a href="/items?measureId=${esc(m.id)}">第 ${esc(m.number)} 条</a> ${esc(m.content)}</li>`).join('')}</ul>`
        : '<span class="muted">未关联</span>'
    }</div></li>`,
  );
  const round = [t.inspection?.title, t.batch ? `第 ${t.batch.number} 批次` : '', t.group?.name].filter(Boolean).map(esc).join(' · ');
  steps.push(
    `<li><span class="step-label">巡察发现问题</span><div>${esc(t.finding?.category || '')} ${esc(t.finding?.description || '')}
      <div class="muted small">${round}${t.findingUnit ? ` · 被巡察单位：${esc(t.findingUnit.name)}` : ''}</div></div></li>`,
  );
  steps.push(`<li aria-current="step"><span class="step-label">整改事项</span><div>${esc(t.item?.title || '')}</div></li>`);
  el.innerHTML = steps.join('');
}

function renderLists(item) {
  document.getElementById('progress-list').innerHTML =
    (item.progress || [])
      .map((p) => `<li><time>${fmtTime(p.createdAt)}</time> ${p.percent !== null && p.percent !== undefined ? `<strong>${esc(p.percent)}%</strong> ` : ''}${esc(p.note)}</li>`)
      .join('') || '<li class="muted">暂无进展</li>';
  document.getElementById('evidence-list').innerHTML =
    (item.evidence || [])
      .map(
        (e) =>
          `<li><a href="/api/v1/evidence/${esc(e.id)}/download">${esc(e.originalName)}</a> <span class="muted small">${(Number(e.size) / 1024).toFixed(1)} KB · ${fmtTime(e.createdAt)}</span></li>`,
      )
      .join('') || '<li class="muted">暂无佐证材料</li>';
  document.getElementById('extension-list').innerHTML =
    (item.extensions || [])
      .map(
        (x) =>
          `<li><time>${fmtTime(x.createdAt)}</time> 申请延期至 <strong>${fmtDate(x.newDeadline)}</strong>（原 ${fmtDate(x.currentDeadline)}）：${esc(x.reason)}
           <span class="status status-${esc(x.status)}">${esc(EXT_STATUS[x.status] || x.status)}</span>${x.comment ? ` <span class="muted">意见：${esc(x.comment)}</span>` : ''}</li>`,
      )
      .join('') || '<li class="muted">暂无延期申请</li>';
}

async function renderSide() {
  const [reminders, history] = await Promise.all([apiOptional(`/items/${id}/reminders`), apiOptional(`/items/${id}/history`)]);
  const rlist = Array.isArray(reminders) ? reminders : reminders?.data || [];
  document.getElementById('reminder-list').innerHTML =
    rlist
      .map((r) => {
        const what = r.kind === 'escalation' ? `升级督办（第 ${esc(r.level ?? '')} 级）` : r.kind === 'reminder' ? `到期提醒（提前 ${esc(r.offsetDays)} 天）` : esc(r.kindLabel || '催办督办通知');
        return `<li><time>${fmtTime(r.sentAt || r.createdAt)}</time> ${what}</li>`;
      })
      .join('') || '<li class="muted">暂无催办督办记录</li>';
  document.getElementById('history-list').innerHTML =
    (history || [])
      .map((e) => {
        const reason = e.after?.reason ? `：${esc(e.after.reason)}` : '';
        const who = e.actor?.username === 'system' ? '系统' : e.actor?.username || '';
        const what = e.actionLabel || ACTION_NAMES[e.action] || '其他操作';
        return `<li><time>${fmtTime(e.at)}</time> ${esc(who)} ${esc(what)}${reason}</li>`;
      })
      .join('') || '<li class="muted">暂无记录</li>';
}

let current;

function renderActions(item) {
  const box = document.getElementById('actions');
  const actions = item.availableActions || [];
  box.innerHTML = actions.length
    ? actions
        .map((a) => `<button type="button" class="btn ${a === 'reject' || a === 'reopen' ? 'btn-danger' : 'btn-primary'}" data-action="${esc(a)}">${esc(ACTION_LABELS[a] || a)}</button>`)
        .join('')
    : `<p class="muted">当前状态为“${esc(item.statusLabel)}”，您没有可执行的操作。</p>`;
  box.querySelectorAll('button[data-action]').forEach((b) => b.addEventListener('click', () => act(b.dataset.action)));
  const canWork = item.canWork && item.status !== 'closed';
  document.getElementById('progress-form').hidden = !canWork;
  document.getElementById('evidence-form').hidden = !canWork;
  const unitSide = ['unit_manager', 'unit_staff'].includes(body.role);
  document.getElementById('extension-form').hidden = !(canWork && unitSide && ['pending', 'in_progress'].includes(item.status));
}

async function act(action) {
  const err = document.getElementById('action-error');
  err.textContent = '';
  if (action === 'reject' || action === 'reopen') {
    const f = document.getElementById('reason-form');
    f.hidden = false;
    f.dataset.action = action;
    document.getElementById('reason-submit').textContent = `确认${ACTION_LABELS[action]}`;
    document.getElementById('reason').focus();
    return;
  }
  await transition(action);
}

async function transition(action, reason) {
  const err = document.getElementById('action-error');
  try {
    await api(`/items/${id}/transitions`, { method: 'POST', json: { action, reason, version: current.version } });
    toast(`已${ACTION_LABELS[action]}`);
    await load();
  } catch (e) {
    err.textContent = errorText(e);
  }
}

function wire() {
  document.getElementById('reason-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.currentTarget;
    const reason = f.reason.value.trim();
    if (!reason) {
      document.getElementById('action-error').textContent = '请填写理由';
      return;
    }
    await transition(f.dataset.action, reason);
  });
  document.getElementById('reason-cancel').addEventListener('click', () => (document.getElementById('reason-form').hidden = true));
  document.getElementById('progress-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.currentTarget;
    const json = { note: f.note.value.trim() };
    if (f.percent.value !== '') json.percent = Number(f.percent.value);
    try {
      await api(`/items/${id}/progress`, { method: 'POST', json });
      toast('进展已报送');
      f.reset();
      await load();
    } catch (e) {
      toast(errorText(e), 'error');
    }
  });
  document.getElementById('evidence-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.currentTarget;
    if (!f.file.files.length) return toast('请选择文件', 'error');
    const form = new FormData();
    form.append('file', f.file.files[0]);
    try {
      await api(`/items/${id}/evidence`, { method: 'POST', form });
      toast('佐证材料已上传');
      f.reset();
      await load();
    } catch (e) {
      toast(errorText(e), 'error');
    }
  });
  document.getElementById('extension-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.currentTarget;
    try {
      await api(`/items/${id}/extensions`, { method: 'POST', json: { newDeadline: f.newDeadline.value, reason: f.reason.value.trim() } });
      toast('延期申请已提交');
      f.reset();
      await load();
    } catch (e) {
      toast(errorText(e), 'error');
    }
  });
}

async function load() {
  const [item, trace] = await Promise.all([api(`/items/${id}`), api(`/items/${id}/trace`)]);
  current = item;
  if (!root.dataset.ready) {
    root.innerHTML = '';
    root.append(document.getElementById('item-tpl').content.cloneNode(true));
    root.dataset.ready = '1';
    wire();
  }
  document.title = `${item.title} · 整改跟踪督办系统`;
  document.getElementById('item-title').textContent = item.title;
  document.getElementById('item-badges').innerHTML = `${lightBadge(item.light)}${item.lateLabel ? ` <span class="status status-rejected">${esc(item.lateLabel)}</span>` : ''} ${statusBadge(item.status, item.statusLabel)}`;
  document.getElementById('reason-form').hidden = true;
  renderFacts(item);
  renderReturn(item);
  renderTrace(trace);
  renderActions(item);
  renderLists(item);
  await renderSide();
}

try {
  await load();
} catch (e) {
  if (e.status === 404) {
    root.innerHTML = '<section class="error-page"><h1>404 未找到</h1><p>该整改事项不存在，或不在您的权限范围内。</p><p><a class="btn" href="/items">返回整改事项</a></p></section>';
  } else root.innerHTML = `<p class="error" role="alert">${esc(errorText(e))}</p>`;
}

import { api, apiOptional, errorText, esc, toast } from './app.js';

const asList = (r) => (Array.isArray(r) ? r : r?.data || []);
const count = (v) => (Array.isArray(v) ? v.length : (v ?? 0));

async function fillSelects() {
  const plans = asList(await apiOptional('/plans'));
  const planSel = document.getElementById('plan-id');
  planSel.innerHTML = plans.length
    ? plans.map((p) => `<option value="${esc(p.id)}">${esc(p.title)}${p.documentNo ? `（${esc(p.documentNo)}）` : ''}</option>`).join('')
    : '<option value="">暂无整改落实方案，请先创建</option>';
  const rounds = asList(await apiOptional('/inspections')).filter((i) => i.kind === 'internal_round');
  const roundSel = document.getElementById('round-id');
  roundSel.innerHTML = rounds.length
    ? rounds.map((r) => `<option value="${esc(r.id)}">${esc(r.title)}</option>`).join('')
    : '<option value="">暂无巡察轮次，请先创建</option>';
}

function problemsTable(details, caption) {
  return `<div class="table-wrap"><table class="table"><caption>${esc(caption)}</caption>
    <thead><tr><th scope="col">行</th><th scope="col">列</th><th scope="col">问题</th></tr></thead>
    <tbody>${details
      .map(
        (d) =>
          `<tr><td>${esc(d.row ?? '')}</td><td>${esc(d.column ?? d.field ?? '')}</td><td>${esc(d.message ?? (d.messages || []).join('，'))}</td></tr>`,
      )
      .join('')}</tbody></table></div>`;
}

function errorsCaption(details, payload) {
  const total = Number.isInteger(payload?.errorCount) ? payload.errorCount : details.length;
  const listed = payload?.truncated ? `，以下列出前 ${details.length} 处` : '';
  return `发现 ${total} 处错误${listed}，未写入任何数据`;
}

/**
 * Check first (dryRun), then import: a file with any error writes nothing and lists its errors
 * (the server sends the first 100 and `errorCount`, the total).
 */
function wire(form, result, url, describe) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const dryRun = ev.submitter?.value !== 'import';
    const target = form.querySelector('select').value;
    if (!target) return void (result.innerHTML = '<p class="error" role="alert">请先选择导入目标</p>');
    const file = form.querySelector('input[type=file]');
    if (!file.files.length) return void (result.innerHTML = '<p class="error" role="alert">请选择文件</p>');
    const data = new FormData();
    data.append('file', file.files[0]);
    result.innerHTML = '<p>正在处理…</p>';
    try {
      const r = await api(`${url(target)}${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', form: data });
      const shown = r.warnings?.length ?? 0;
      const total = r.warningCount ?? shown;
      const warnings = shown
        ? problemsTable(r.warnings, `提示 ${total} 条${total > shown ? `，以下列出前 ${shown} 条` : ''}（不影响导入）`)
        : '';
      result.innerHTML = `<p class="ok">${dryRun ? '检查通过，可以导入' : '导入成功'}：${esc(describe(r))}。</p>${warnings}`;
      if (!dryRun) toast('导入成功');
    } catch (e) {
      const details = Array.isArray(e.payload?.details) ? e.payload.details : null;
      result.innerHTML = details?.length
        ? `<p class="error" role="alert">${esc(e.message)}</p>${problemsTable(details, errorsCaption(details, e.payload))}`
        : `<p class="error" role="alert">${esc(errorText(e))}</p>`;
    }
  });
}

wire(
  document.getElementById('plan-form'),
  document.getElementById('plan-result'),
  (id) => `/plans/${id}/import`,
  (r) => `反馈问题 ${count(r.feedbackProblems)} 个，整改措施 ${count(r.measures)} 条`,
);
wire(
  document.getElementById('ledger-form'),
  document.getElementById('ledger-result'),
  (id) => `/inspections/${id}/ledger-import`,
  (r) => `发现问题 ${count(r.findings)} 个，整改事项 ${count(r.items)} 项${r.closedItems ? `（其中已销号 ${r.closedItems} 项）` : ''}`,
);
fillSelects();

import { api, apiOptional, errorText, esc, toast } from './app.js';

const form = document.getElementById('plan-form');
const result = document.getElementById('plan-result');

async function fillPlans() {
  const plans = (await apiOptional('/plans')) || [];
  const list = Array.isArray(plans) ? plans : plans.data || [];
  form.planId.innerHTML = list.length
    ? list.map((p) => `<option value="${esc(p.id)}">${esc(p.title)}${p.documentNo ? `（${esc(p.documentNo)}）` : ''}</option>`).join('')
    : '<option value="">暂无整改落实方案，请先创建</option>';
}

function errorsTable(details) {
  return `<table class="table"><caption>发现 ${details.length} 处错误，未写入任何数据</caption>
    <thead><tr><th scope="col">行</th><th scope="col">列</th><th scope="col">问题</th></tr></thead>
    <tbody>${details.map((d) => `<tr><td>${esc(d.row ?? '')}</td><td>${esc(d.column ?? d.field ?? '')}</td><td>${esc(d.message ?? (d.messages || []).join('，'))}</td></tr>`).join('')}</tbody></table>`;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const dryRun = ev.submitter?.value !== 'import';
  if (!form.planId.value) return void (result.innerHTML = '<p class="error">请选择整改落实方案</p>');
  if (!form.file.files.length) return void (result.innerHTML = '<p class="error">请选择文件</p>');
  const data = new FormData();
  data.append('file', form.file.files[0]);
  result.innerHTML = '<p>正在处理…</p>';
  try {
    const r = await api(`/plans/${form.planId.value}/import${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', form: data });
    const warnings = (r.warnings || []).map((w) => `<li>${esc(typeof w === 'string' ? w : `第 ${w.row ?? '?'} 行：${w.message}`)}</li>`).join('');
    const count = (v) => (Array.isArray(v) ? v.length : (v ?? 0));
    result.innerHTML = `<p class="ok">${dryRun ? '检查通过，可以导入' : '导入成功'}：反馈问题 ${esc(count(r.feedbackProblems))} 个，整改措施 ${esc(count(r.measures))} 条。</p>
      ${warnings ? `<h3>提示</h3><ul>${warnings}</ul>` : ''}`;
    if (!dryRun) toast('导入成功');
  } catch (e) {
    const details = Array.isArray(e.payload?.details) ? e.payload.details : null;
    result.innerHTML = details && details.length ? errorsTable(details) : `<p class="error" role="alert">${esc(errorText(e))}</p>`;
  }
});

fillPlans();

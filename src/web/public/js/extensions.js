import { api, empty, errorText, esc, fmtDate, fmtTime, toast } from './app.js';

const tbody = document.querySelector('#ext-table tbody');
const summary = document.getElementById('summary');

async function load() {
  try {
    const res = await api('/extensions?status=pending');
    const list = Array.isArray(res) ? res : res.data || [];
    summary.textContent = `待审批 ${list.length} 项`;
    tbody.innerHTML = list.length
      ? list
          .map(
            (x) => `<tr data-id="${esc(x.id)}">
        <td data-label="整改事项"><a href="/items/${esc(x.item?.id || x.itemId)}">${esc(x.item?.title || '查看事项')}</a></td>
        <td data-label="原时限">${fmtDate(x.currentDeadline)}</td>
        <td data-label="申请延期至"><strong>${fmtDate(x.newDeadline)}</strong></td>
        <td data-label="理由">${esc(x.reason)}</td>
        <td data-label="申请时间">${fmtTime(x.createdAt)}</td>
        <td data-label="审批"><form class="inline-form decide">
          <label class="sr-only" for="c-${esc(x.id)}">审批意见</label>
          <input id="c-${esc(x.id)}" name="comment" placeholder="审批意见（可选）" maxlength="2000">
          <button class="btn btn-primary btn-small" name="approve" value="true">批准</button>
          <button class="btn btn-danger btn-small" name="approve" value="false">不批准</button>
        </form></td>
      </tr>`,
          )
          .join('')
      : empty(6, '没有待审批的延期申请');
    tbody.querySelectorAll('form.decide').forEach((f) =>
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const approve = ev.submitter?.value === 'true';
        const id = f.closest('tr').dataset.id;
        try {
          await api(`/extensions/${id}/decision`, { method: 'POST', json: { approve, comment: f.comment.value.trim() || undefined } });
          toast(approve ? '已批准延期' : '已驳回延期申请');
          await load();
        } catch (e) {
          toast(errorText(e), 'error');
        }
      }),
    );
  } catch (e) {
    summary.textContent = errorText(e);
  }
}

load();

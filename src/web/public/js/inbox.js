import { api, errorText, esc, fmtTime, pager, toast } from './app.js';

const list = document.getElementById('inbox');
const summary = document.getElementById('summary');

function itemLink(n) {
  const id = n.itemId || n.data?.itemId || (Array.isArray(n.itemIds) && n.itemIds.length === 1 ? n.itemIds[0] : null);
  return id ? ` <a href="/items/${esc(id)}">查看事项</a>` : '';
}

async function load(page = 1) {
  try {
    const res = await api(`/notifications?page=${page}&pageSize=20`);
    summary.textContent = `共 ${res.total} 条，未读 ${res.unread ?? 0} 条`;
    list.innerHTML = res.data.length
      ? res.data
          .map(
            (n) => `<li class="card notice ${n.readAt ? 'read' : 'unread'}">
        <h2 class="notice-title">${n.readAt ? '' : '<span class="badge-new">未读</span> '}${esc(n.title)}</h2>
        <p class="pre">${esc(n.body)}</p>
        <p class="muted small"><time>${fmtTime(n.createdAt)}</time>${itemLink(n)}
        ${n.readAt ? '' : ` <button type="button" class="btn btn-small" data-read="${esc(n.id)}">标为已读</button>`}</p>
      </li>`,
          )
          .join('')
      : '<li class="muted">暂无通知</li>';
    list.querySelectorAll('button[data-read]').forEach((b) =>
      b.addEventListener('click', async () => {
        try {
          await api(`/notifications/${b.dataset.read}/read`, { method: 'POST' });
          await load(page);
        } catch (e) {
          toast(errorText(e), 'error');
        }
      }),
    );
    pager(document.getElementById('pager'), { page, pageSize: 20, total: res.total }, load);
  } catch (e) {
    summary.textContent = errorText(e);
  }
}

load();

/* global echarts */
import { api, apiOptional, errorText, esc, pct } from './app.js';

const COLORS = { closed: '#1a7f37', overdue: '#c62828', open: '#1f5fa8', warn: '#a15c00' };
const asList = (r) => (Array.isArray(r) ? r : r?.data || []);
const rate = (r) => (r === null || r === undefined ? 0 : Number(r) <= 1 ? Number(r) * 100 : Number(r));

function tile(label, value, href, note = '') {
  return `<a class="tile" href="${href}"><span class="tile-label">${esc(label)}</span><span class="tile-value">${esc(value)}</span>${note ? `<span class="tile-note">${esc(note)}</span>` : ''}</a>`;
}

function renderTiles(o) {
  document.getElementById('tiles').innerHTML = [
    tile('整改事项总数', o.total, '/items'),
    tile('已销号', o.closed, '/items?status=closed', `销号率 ${pct(o.closureRate)}`),
    tile('待审核', o.submitted ?? '—', '/items?status=submitted'),
    tile('逾期未完成', o.overdue, '/items?overdue=true'),
    tile('7 日内到期', o.dueSoon, '/items?light=yellow'),
    tile('按期销号率', pct(o.onTimeRate), '/items?status=closed'),
  ].join('');
}

function table(rows, cols) {
  return `<table class="table"><thead><tr>${cols.map((c) => `<th scope="col">${esc(c[0])}</th>`).join('')}</tr></thead>
    <tbody>${rows.map((r) => `<tr>${cols.map((c) => `<td>${c[1](r)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function chart(id) {
  const el = document.getElementById(id);
  const c = echarts.init(el, null, { renderer: 'canvas' });
  addEventListener('resize', () => c.resize());
  return c;
}

function renderUnits(rows) {
  const sorted = rows.filter((r) => r.total > 0).sort((a, b) => rate(b.closureRate) - rate(a.closureRate) || b.total - a.total);
  const el = document.getElementById('chart-units');
  el.style.height = `${Math.max(320, sorted.length * 26 + 60)}px`;
  const c = chart('chart-units');
  const names = sorted.map((r) => r.label);
  c.setOption({
    animation: false,
    grid: { left: 8, right: 56, top: 10, bottom: 10, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (p) => {
      const r = sorted[p[0].dataIndex];
      return `${esc(r.label)}<br>销号率 ${pct(r.closureRate)}（${r.closed}/${r.total}）<br>逾期 ${r.overdue}`;
    } },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { color: '#1b1f24', width: 110, overflow: 'truncate' } },
    series: [{
      type: 'bar',
      data: sorted.map((r) => ({ value: Math.round(rate(r.closureRate) * 10) / 10, itemStyle: { color: r.overdue > 0 ? COLORS.warn : COLORS.closed } })),
      label: { show: true, position: 'right', formatter: '{c}%', color: '#1b1f24' },
      barMaxWidth: 18,
    }],
  });
  c.on('click', (p) => {
    const r = sorted[p.dataIndex];
    if (r?.key) location.href = `/items?unitId=${encodeURIComponent(r.key)}`;
  });
  document.getElementById('table-units').innerHTML = table(sorted, [
    ['单位', (r) => `<a href="/items?unitId=${esc(r.key)}">${esc(r.label)}</a>`],
    ['事项', (r) => `<a href="/items?unitId=${esc(r.key)}">${esc(r.total)}</a>`],
    ['已销号', (r) => `<a href="/items?unitId=${esc(r.key)}&status=closed">${esc(r.closed)}</a>`],
    ['逾期', (r) => `<a href="/items?unitId=${esc(r.key)}&overdue=true">${esc(r.overdue)}</a>`],
    ['销号率', (r) => pct(r.closureRate)],
  ]);
}

function renderTrend(rows) {
  const sorted = rows.slice().sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const c = chart('chart-trend');
  c.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { data: ['事项数', '已销号', '逾期'], top: 0 },
    xAxis: { type: 'category', data: sorted.map((r) => r.label || r.key) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '事项数', type: 'line', data: sorted.map((r) => r.total), color: COLORS.open, symbolSize: 8 },
      { name: '已销号', type: 'line', data: sorted.map((r) => r.closed), color: COLORS.closed, symbolSize: 8 },
      { name: '逾期', type: 'line', data: sorted.map((r) => r.overdue), color: COLORS.overdue, symbolSize: 8 },
    ],
  });
  c.on('click', (p) => {
    location.href = p.seriesName === '逾期' ? '/items?overdue=true' : p.seriesName === '已销号' ? '/items?status=closed' : '/items';
  });
  document.getElementById('table-trend').innerHTML = table(sorted, [
    ['月份', (r) => esc(r.label || r.key)],
    ['事项数', (r) => esc(r.total)],
    ['已销号', (r) => esc(r.closed)],
    ['逾期', (r) => esc(r.overdue)],
  ]);
}

/** Closure rate over time, from the daily snapshots (GET /reports/trend): costs nothing at read time. */
function renderRate(rows) {
  const c = chart('chart-rate');
  const pctOf = (v) => (v === null || v === undefined ? null : Math.round(rate(v) * 10) / 10);
  c.setOption({
    animation: false,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { data: ['销号率（%）', '按期销号率（%）'], top: 0 },
    xAxis: { type: 'category', data: rows.map((r) => r.period) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { name: '销号率（%）', type: 'line', data: rows.map((r) => pctOf(r.closureRate)), color: COLORS.closed, symbolSize: 8 },
      { name: '按期销号率（%）', type: 'line', data: rows.map((r) => pctOf(r.onTimeRate)), color: COLORS.open, symbolSize: 8 },
    ],
  });
  c.on('click', () => {
    location.href = '/items?status=closed';
  });
  document.getElementById('rate-note').textContent =
    rows.length < 2 ? `趋势由每日快照积累，目前有 ${rows.length} 个数据点。` : `共 ${rows.length} 周，取每周最后一次快照。`;
  document.getElementById('table-rate').innerHTML = table(rows, [
    ['周', (r) => esc(r.period)],
    ['事项数', (r) => esc(r.total)],
    ['已销号', (r) => esc(r.closed)],
    ['逾期', (r) => esc(r.overdue)],
    ['销号率', (r) => pct(r.closureRate)],
  ]);
}

function renderMeasures(rows) {
  const sorted = rows.slice().sort((a, b) => a.number - b.number);
  document.getElementById('measures').innerHTML = sorted
    .map((m) => {
      const covered = m.covered ?? m.total > 0;
      const r = rate(m.closureRate);
      const cls = !covered ? 'gap' : m.overdue > 0 ? 'bad' : r >= 100 ? 'done' : r >= 50 ? 'mid' : 'low';
      const title = `第 ${m.number} 条：${m.content}。${covered ? `事项 ${m.total}，已销号 ${m.closed}，逾期 ${m.overdue}，销号率 ${pct(m.closureRate)}` : '尚无整改事项（覆盖缺口）'}`;
      const id = m.id || m.measureId;
      return `<li><a class="measure m-${cls}" href="/items?measureId=${esc(id)}" title="${esc(title)}" aria-label="${esc(title)}">
        <span class="m-no">${esc(m.number)}</span><span class="m-val">${covered ? `${esc(m.closed)}/${esc(m.total)}` : '缺口'}</span></a></li>`;
    })
    .join('');
}

function renderTop(rows) {
  const top = rows.slice().sort((a, b) => b.daysOverdue - a.daysOverdue).slice(0, 10);
  document.getElementById('top-overdue').innerHTML =
    top
      .map(
        (r) =>
          `<li><a href="/items/${esc(r.id || r.itemId)}">${esc(r.title)}</a> <span class="muted">${esc(r.unit?.name || r.unitName || '')}</span> <strong class="text-red">逾期 ${esc(r.daysOverdue)} 天</strong></li>`,
      )
      .join('') || '<li class="muted">没有逾期事项</li>';
}

async function load() {
  try {
    const [overview, units, rateTrend, trend, measures, overdue] = await Promise.all([
      api('/reports/overview'),
      apiOptional('/reports/closure?groupBy=unit'),
      apiOptional('/reports/trend?interval=week'),
      apiOptional('/reports/closure?groupBy=month'),
      apiOptional('/reports/measures'),
      apiOptional('/reports/overdue'),
    ]);
    renderTiles(overview);
    renderUnits(asList(units));
    renderRate(asList(rateTrend));
    renderTrend(asList(trend));
    renderMeasures(asList(measures));
    renderTop(asList(overdue));
    document.body.dataset.loaded = 'true';
  } catch (e) {
    document.getElementById('tiles').innerHTML = `<p class="error" role="alert">${esc(errorText(e))}</p>`;
  }
}

load();

/*
 * The static part of each page (headings, forms, empty containers). The page's module under
 * src/web/public/js/ fills the containers from /api/v1 with the signed-in user's cookie.
 */

const STATUS_OPTIONS = `<option value="">全部</option>
<option value="pending,in_progress,submitted">未销号</option>
<option value="pending">待整改</option>
<option value="in_progress">整改中</option>
<option value="submitted">待审核</option>
<option value="closed">已销号</option>`;

export const LOGIN_BODY = `<section class="login" aria-labelledby="login-title">
  <h1 id="login-title">登录</h1>
  <form id="login-form" class="card form" novalidate>
    <div class="field">
      <label for="username">用户名</label>
      <input id="username" name="username" autocomplete="username" required maxlength="64">
    </div>
    <div class="field">
      <label for="password">密码</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
    </div>
    <p id="login-error" class="error" role="alert"></p>
    <button class="btn btn-primary" type="submit">登录</button>
  </form>
</section>`;

export const ITEMS_BODY = `<h1>整改事项</h1>
<form id="filters" class="filters card" role="search" aria-label="筛选整改事项">
  <div class="field"><label for="f-q">关键词</label><input id="f-q" name="q" type="search" maxlength="200" placeholder="事项、措施或问题描述"></div>
  <div class="field"><label for="f-status">状态</label><select id="f-status" name="status">${STATUS_OPTIONS}</select></div>
  <div class="field"><label for="f-light">预警灯</label><select id="f-light" name="light">
    <option value="">全部</option><option value="red">红灯（逾期）</option><option value="yellow">黄灯（临期）</option><option value="green">绿灯</option><option value="late">超期（超期提交/超期销号）</option></select></div>
  <div class="field"><label for="f-overdue">是否逾期</label><select id="f-overdue" name="overdue">
    <option value="">全部</option><option value="true">已逾期</option><option value="false">未逾期</option></select></div>
  <div class="field"><label for="f-unit">责任单位</label><select id="f-unit" name="unitId"><option value="">全部</option></select></div>
  <div class="field"><label for="f-type">整改类型</label><select id="f-type" name="type">
    <option value="">全部</option><option value="immediate">立行立改</option><option value="time_limited">限期整改</option><option value="long_term">长期坚持</option></select></div>
  <div class="filter-actions">
    <button class="btn btn-primary" type="submit">筛选</button>
    <a class="btn" href="/items">清除</a>
  </div>
</form>
<p id="active-filters" class="muted"></p>
<section aria-labelledby="list-title">
  <h2 id="list-title" class="sr-only">事项列表</h2>
  <p id="summary" class="summary" aria-live="polite">正在加载…</p>
  <div id="lights" class="light-counts"></div>
  <div class="table-wrap"><table class="table responsive" id="items-table">
    <caption class="sr-only">整改事项列表</caption>
    <thead><tr><th scope="col">预警</th><th scope="col">整改事项</th><th scope="col">责任单位</th><th scope="col">责任人</th>
      <th scope="col">整改时限</th><th scope="col">状态</th><th scope="col">进度</th><th scope="col">逾期天数</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <nav id="pager" class="pager" aria-label="分页"></nav>
</section>`;

export const ITEM_BODY = `<p><a href="/items">← 返回整改事项</a></p>
<div id="item-root" aria-live="polite"><p>正在加载…</p></div>
<template id="item-tpl">
  <header class="item-head">
    <h1 id="item-title"></h1>
    <div id="item-badges" class="badges"></div>
  </header>
  <p id="item-return" class="notice-return" role="note" hidden></p>
  <section class="card" aria-labelledby="facts-title">
    <h2 id="facts-title">基本信息</h2>
    <dl id="facts" class="facts"></dl>
  </section>
  <section class="card" aria-labelledby="trace-title">
    <h2 id="trace-title">问题来源（溯源链）</h2>
    <ol id="trace" class="trace"></ol>
  </section>
  <section class="card" id="actions-card" aria-labelledby="actions-title">
    <h2 id="actions-title">办理</h2>
    <div id="actions" class="actions"></div>
    <form id="reason-form" class="form" hidden>
      <div class="field"><label for="reason">理由（必填）</label><textarea id="reason" name="reason" required maxlength="2000" rows="3"></textarea></div>
      <button class="btn btn-danger" type="submit" id="reason-submit">确认</button>
      <button class="btn" type="button" id="reason-cancel">取消</button>
    </form>
    <p id="action-error" class="error" role="alert"></p>
  </section>
  <div class="grid-2">
    <section class="card" id="progress-card" aria-labelledby="progress-title">
      <h2 id="progress-title">整改进展</h2>
      <form id="progress-form" class="form">
        <div class="field"><label for="p-note">进展情况</label><textarea id="p-note" name="note" required maxlength="4000" rows="3"></textarea></div>
        <div class="field"><label for="p-percent">完成百分比（0–100）</label><input id="p-percent" name="percent" type="number" min="0" max="100" step="1"></div>
        <button class="btn btn-primary" type="submit">报送进展</button>
      </form>
      <ul id="progress-list" class="timeline"></ul>
    </section>
    <section class="card" id="evidence-card" aria-labelledby="evidence-title">
      <h2 id="evidence-title">佐证材料</h2>
      <form id="evidence-form" class="form">
        <div class="field"><label for="e-file">选择文件（PDF、图片、Office 文档、压缩包）</label><input id="e-file" name="file" type="file" required></div>
        <button class="btn btn-primary" type="submit">上传佐证材料</button>
      </form>
      <ul id="evidence-list" class="files"></ul>
    </section>
  </div>
  <section class="card" id="extension-card" aria-labelledby="ext-title">
    <h2 id="ext-title">延期申请</h2>
    <form id="extension-form" class="form inline-form">
      <div class="field"><label for="x-date">申请延期至</label><input id="x-date" name="newDeadline" type="date" required></div>
      <div class="field grow"><label for="x-reason">延期理由</label><input id="x-reason" name="reason" required maxlength="2000"></div>
      <button class="btn" type="submit">提交延期申请</button>
    </form>
    <ul id="extension-list" class="timeline"></ul>
  </section>
  <section class="card" aria-labelledby="remind-title">
    <h2 id="remind-title">催办督办记录</h2>
    <ul id="reminder-list" class="timeline"></ul>
  </section>
  <section class="card" aria-labelledby="history-title">
    <h2 id="history-title">变更记录</h2>
    <ul id="history-list" class="timeline"></ul>
  </section>
</template>`;

export const INBOX_BODY = `<h1>通知</h1>
<p id="summary" class="summary" aria-live="polite">正在加载…</p>
<ul id="inbox" class="inbox"></ul>
<nav id="pager" class="pager" aria-label="分页"></nav>`;

export const OVERDUE_BODY = `<h1>逾期督办</h1>
<div class="toolbar card">
  <p class="muted">按逾期天数、督办层级排序。执行催办督办将按规则向责任人（催办）、单位负责人、巡察办（督办单）和领导小组（约谈建议）发送通知，每条只发送一次。</p>
  <button class="btn btn-primary" type="button" id="sweep" data-office-only>立即执行催办督办</button>
  <p id="sweep-result" role="status"></p>
</div>
<p id="summary" class="summary" aria-live="polite">正在加载…</p>
<p id="board" class="summary" aria-live="polite"></p>
<div class="table-wrap"><table class="table responsive" id="overdue-table">
  <caption class="sr-only">逾期整改事项</caption>
  <thead><tr><th scope="col">逾期天数</th><th scope="col">督办层级</th><th scope="col">整改事项</th><th scope="col">责任单位</th>
    <th scope="col">责任人</th><th scope="col">整改时限</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
  <tbody></tbody>
</table></div>
<p id="chase-result" role="status" class="summary"></p>
<section class="card" aria-labelledby="notices-title">
  <h2 id="notices-title">督办单</h2>
  <ul id="notices" class="timeline"></ul>
</section>
<dialog id="chase-dialog" class="card chase-dialog" aria-labelledby="chase-title">
  <form id="chase-form" class="form" method="dialog">
    <h2 id="chase-title">确认催办</h2>
    <p id="chase-what"></p>
    <div class="field"><label for="chase-note">附言（可选，随通知发送）</label><textarea id="chase-note" name="note" rows="3" maxlength="500"></textarea></div>
    <p id="chase-error" class="error" role="alert"></p>
    <button class="btn btn-primary" type="submit" value="confirm" id="chase-confirm">确认</button>
    <button class="btn" type="submit" value="cancel">取消</button>
  </form>
</dialog>`;

export const REVIEW_BODY = `<h1>销号审核</h1>
<p class="muted">单位申请销号的整改事项。查看进展和佐证材料后审核通过（销号）或退回（须写明理由）。</p>
<p id="summary" class="summary" aria-live="polite">正在加载…</p>
<div id="queue" class="queue"></div>`;

export const EXTENSIONS_BODY = `<h1>延期审批</h1>
<p id="summary" class="summary" aria-live="polite">正在加载…</p>
<div class="table-wrap"><table class="table responsive" id="ext-table">
  <caption class="sr-only">待审批的延期申请</caption>
  <thead><tr><th scope="col">整改事项</th><th scope="col">原时限</th><th scope="col">申请延期至</th><th scope="col">理由</th>
    <th scope="col">申请时间</th><th scope="col">审批</th></tr></thead>
  <tbody></tbody>
</table></div>`;

export const IMPORT_BODY = `<h1>导入与台账</h1>
<section class="card" aria-labelledby="plan-title">
  <h2 id="plan-title">导入整改落实方案（整改措施）</h2>
  <p class="muted">先“检查”预览错误，无错误后再“导入”。有任何错误时不会写入数据。</p>
  <form id="plan-form" class="form">
    <div class="field"><label for="plan-id">整改落实方案</label><select id="plan-id" name="planId" required></select></div>
    <div class="field"><label for="plan-file">Excel 或 CSV 文件</label><input id="plan-file" name="file" type="file" accept=".xlsx,.csv" required></div>
    <button class="btn" type="submit" value="check">检查</button>
    <button class="btn btn-primary" type="submit" value="import">导入</button>
  </form>
  <div id="plan-result" aria-live="polite"></div>
</section>
<section class="card" aria-labelledby="findings-title">
  <h2 id="findings-title">导入整改台账（巡察发现问题和整改事项）</h2>
  <p class="muted">按整改台账格式（序号、问题来源、问题描述、对应整改措施、责任单位、责任人、整改时限……）导入到一个巡察轮次。</p>
  <form id="ledger-form" class="form">
    <div class="field"><label for="round-id">巡察轮次</label><select id="round-id" name="inspectionId" required></select></div>
    <div class="field"><label for="ledger-file">Excel 或 CSV 文件</label><input id="ledger-file" name="file" type="file" accept=".xlsx,.csv" required></div>
    <button class="btn" type="submit" value="check">检查</button>
    <button class="btn btn-primary" type="submit" value="import">导入</button>
  </form>
  <div id="ledger-result" aria-live="polite"></div>
</section>
<section class="card" aria-labelledby="ledger-title">
  <h2 id="ledger-title">导出整改台账</h2>
  <p><a class="btn btn-primary" href="/api/v1/reports/ledger.xlsx" download>下载整改台账（Excel）</a>
     <a class="btn" href="/api/v1/reports/ledger.xlsx?format=csv" download>下载 CSV</a></p>
</section>`;

export const DASHBOARD_BODY = `<h1>领导看板</h1>
<section aria-labelledby="tiles-title">
  <h2 id="tiles-title" class="sr-only">总体情况</h2>
  <div id="tiles" class="tiles"><p>正在加载…</p></div>
</section>
<div class="grid-2">
  <section class="card chart-card" aria-labelledby="units-title">
    <h2 id="units-title">各单位销号率排名</h2>
    <div id="chart-units" class="chart chart-tall" role="img" aria-label="各单位销号率柱状图"></div>
    <details><summary>查看数据表</summary><div id="table-units"></div></details>
  </section>
  <section class="card chart-card" aria-labelledby="rate-title">
    <h2 id="rate-title">销号率趋势（按周）</h2>
    <div id="chart-rate" class="chart" role="img" aria-label="按周销号率趋势折线图"></div>
    <p id="rate-note" class="muted"></p>
    <details><summary>查看数据表</summary><div id="table-rate"></div></details>
  </section>
</div>
<section class="card chart-card" aria-labelledby="trend-title">
  <h2 id="trend-title">整改事项按整改时限月份分布</h2>
  <div id="chart-trend" class="chart" role="img" aria-label="按整改时限月份的事项、销号与逾期折线图"></div>
  <details><summary>查看数据表</summary><div id="table-trend"></div></details>
</section>
<section class="card" aria-labelledby="measures-title">
  <h2 id="measures-title">整改措施覆盖与销号（53 条）</h2>
  <p class="muted">每格为一条整改措施：颜色表示销号率，灰色虚线表示尚无整改事项（覆盖缺口）。点击查看该措施下的事项。</p>
  <ul id="measures" class="measure-grid"></ul>
</section>
<section class="card" aria-labelledby="top-title">
  <h2 id="top-title">逾期最久的事项</h2>
  <ol id="top-overdue" class="top-list"></ol>
</section>`;

/**
 * The one place that names codes in Chinese for people: reminder (ledger) kinds and audit actions.
 * API responses carry `kindLabel` / `actionLabel` beside the code; pages show the label, never the code.
 */

export const LEDGER_KIND_LABELS: Record<string, string> = {
  reminder: '到期提醒',
  escalation: '逾期升级督办',
  check_in: '定期调度',
  manual_urge: '巡察办催办',
  manual_supervise: '巡察办督办',
  notice_chase: '督办单催复',
  decision_reject: '退回通知',
  decision_close: '销号通知',
  decision_extension: '延期审批通知',
  decision_assign: '责任人指派通知',
  decision_reply: '督办单回复通知',
  decision_reopen: '重新打开通知',
  interview_notice: '约谈通知',
};

/** What a unit owes after a round (unit_obligations.kind), as a task. */
export const OBLIGATION_KIND_LABELS: Record<string, string> = {
  unit_plan: '报送整改方案',
  unit_report: '报送整改情况报告',
  self_check: '答复自查自纠（举一反三）',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'item.create': '创建事项',
  'item.update': '修改事项',
  'item.assign': '指派责任人',
  'item.progress': '报送进展',
  'item.evidence': '上传佐证材料',
  'item.evidence_delete': '删除佐证材料',
  'item.start': '开始整改',
  'item.submit': '申请销号',
  'item.approve': '审核通过（销号）',
  'item.reject': '退回',
  'item.reopen': '重新打开（问题反弹）',
  'item.escalate': '督办升级',
  'item.urge': '巡察办催办',
  'item.supervise': '巡察办督办（下发督办单）',
  'item.import': '从台账导入',
  'progress.import': '从台账导入进展',
  'extension.request': '申请延期',
  'extension.approve': '批准延期',
  'extension.reject': '不予延期',
  'supervision.reply': '回复督办单',
  'follow_up.policy.update': '修改催办督办规则',
  'calendar.create': '新增节假日/调休',
  'calendar.update': '修改节假日/调休',
  'calendar.delete': '删除节假日/调休',
  'unit.create': '新建单位',
  'unit.update': '修改单位',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'inspection.create': '新建巡视巡察',
  'inspection.close': '结束本级巡察轮次',
  'inspection.reopen': '重新开启本级巡察轮次',
  'inspection_batch.create': '新建批次',
  'inspection_group.create': '新建巡察组',
  'feedback_problem.create': '新增反馈问题',
  'feedback_problem.import': '导入反馈问题',
  'plan.create': '新建整改方案',
  'plan.import': '导入整改方案',
  'measure.create': '新增整改措施',
  'measure.import': '导入整改措施',
  'finding.create': '新增巡察发现问题',
  'finding.clue_referral': '问题线索移交',
  'clue.create': '登记问题线索',
  'clue.update': '登记问题线索处置结果',
  'interview.create': '登记约谈',
  'accountability.create': '登记问责',
  'finding.import': '导入巡察发现问题',
  'finding_category.create': '新增问题类别',
  'finding_category.update': '修改问题类别',
  'ledger.import': '导入整改台账',
  'item.delete': '删除整改方案草稿事项',
  'item.release': '整改方案审定，事项转为待整改',
  'unit_plan.create': '新建单位整改方案',
  'unit_plan.submit': '报送单位整改方案',
  'unit_plan.approve': '审定单位整改方案',
  'unit_plan.return': '退回单位整改方案',
  'unit_report.submit': '报送整改情况报告',
  'unit_report.attach': '上传整改情况报告附件',
  'unit_report.accept': '整改情况报告审核通过',
  'unit_report.return': '退回整改情况报告',
  'recheck.schedule': '安排回头看',
  'recheck.held': '回头看：整改成效巩固',
  'recheck.rebound': '回头看：问题反弹',
  'unit.rename': '修改单位名称或编码',
  'unit.move': '调整上级单位',
  'unit.deactivate': '停用单位',
  'unit.reactivate': '重新启用单位',
  'unit.webhook.put': '设置单位群机器人',
  'unit.webhook.delete': '删除单位群机器人',
  'user.password.change': '修改本人密码',
  'user.password.reset': '重置用户密码',
  'user.logout': '退出登录',
  'user.notification_preferences': '修改通知偏好',
  'measure.update': '修改整改措施',
  'measure.signoff': '整改措施对账销号',
  'measure.reopen': '撤销整改措施对账销号',
  'feedback.create': '登记反馈巡察意见日期',
  'feedback.correct': '更正反馈巡察意见日期',
  'finding.common': '标记共性问题并下发自查自纠',
  'self_check.answer': '答复自查自纠',
  'obligation.satisfy': '报送事项已完成',
  'obligation.reopen': '报送事项恢复为待报送',
};

export function ledgerKindLabel(kind: string): string {
  return LEDGER_KIND_LABELS[kind] ?? '催办督办通知';
}

/** `follow_up.<kind>` entries (one per recorded reminder) read as the reminder's kind. */
export function auditActionLabel(action: string): string {
  if (AUDIT_ACTION_LABELS[action]) return AUDIT_ACTION_LABELS[action];
  if (action.startsWith('follow_up.')) return `发出${ledgerKindLabel(action.slice('follow_up.'.length))}`;
  return '其他操作';
}

/** Who signs the Word documents the system writes (落款). */
export const DOCUMENT_ISSUERS = {
  /** 督办单, 销号 review, 整改进展通报. */
  office: '巡察工作领导小组办公室',
  /** 整改情况报告 to the higher level. */
  bureau: '局党组',
} as const;

/** Codes the pages show that had no label on the server before the Vue pages (issue 14). */
export const EXTENSION_STATUS_LABELS: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '未批准' };
export const ESCALATION_LEVEL_LABELS: Record<string, string> = { 0: '未升级', 1: '一级 催办', 2: '二级 督办', 3: '三级 约谈' };
export const INSPECTION_KIND_LABELS: Record<string, string> = { higher_level: '上级巡视', internal_round: '本级巡察' };
export const FINDING_SEVERITY_LABELS: Record<string, string> = { minor: '轻微', general: '一般', serious: '严重' };
export const CHASE_KIND_LABELS: Record<string, string> = { urge: '催办', supervise: '督办' };

import { LABELS } from 'virtual:server-tables';

export type Dict =
  | 'role'
  | 'itemStatus'
  | 'itemAction'
  | 'light'
  | 'late'
  | 'rectificationType'
  | 'extensionStatus'
  | 'escalationLevel'
  | 'inspectionKind'
  | 'findingSeverity'
  | 'chaseKind'
  | 'ledgerKind'
  | 'auditAction'
  | 'securityEvent'
  | 'unitPlanStatus'
  | 'unitReportStatus';

/** The label of a code, from the server's dictionaries; never the code itself. */
export function label(dict: Dict, code: string | number | null | undefined, fallback = '—'): string {
  if (code === null || code === undefined || code === '') return fallback;
  return LABELS[dict]?.[String(code)] ?? fallback;
}

/** `{ value, label }` pairs for a select. */
export function options(dict: Dict): { value: string; label: string }[] {
  return Object.entries(LABELS[dict] ?? {}).map(([value, l]) => ({ value, label: l }));
}

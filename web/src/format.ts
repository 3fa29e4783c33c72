export const fmtDate = (d?: string | null) => (d ? String(d).slice(0, 10) : '—');

export function fmtTime(iso?: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
}

/** A rate given as 0..1 or 0..100, as a percentage with one decimal. */
export function pct(rate?: number | string | null): string {
  if (rate === null || rate === undefined || Number.isNaN(Number(rate))) return '—';
  const n = Number(rate);
  return `${(n <= 1 ? n * 100 : n).toFixed(1)}%`;
}

export const ratePercent = (r?: number | string | null) => (r === null || r === undefined ? 0 : Number(r) <= 1 ? Number(r) * 100 : Number(r));

export const kb = (size: number | string) => `${(Number(size) / 1024).toFixed(1)} KB`;

/**
 * The one fetch wrapper every API module uses: /api/v1 with the session cookie; state-changing
 * calls echo the CSRF cookie in `x-csrf-token` (double submit). 401 sends the user to the login
 * page; a pending password change to the change form.
 */
import { ApiError as ContractError } from './client';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly payload: { message?: string; code?: string; details?: unknown[]; errorCount?: number; truncated?: boolean } | null,
  ) {
    super(payload?.message || `请求失败（${status}）`);
  }
}

export function cookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return '';
}

export interface Page<T> {
  data: T[];
  total: number;
  page?: number;
  pageSize?: number;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function qs(query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const here = () => location.pathname + location.search;

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  { json, form, redirectOn401 = true }: { json?: unknown; form?: FormData; redirectOn401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = cookie('rectify_csrf');
  let body: BodyInit | undefined;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) body = form;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { message: '网络错误，请稍后再试' });
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (res.status === 401 && redirectOn401) {
    location.href = `/login?next=${encodeURIComponent(here())}`;
    throw new ApiError(401, { message: '登录已过期' });
  }
  const payload = data as ApiError['payload'];
  if (res.status === 403 && payload?.code === 'PASSWORD_CHANGE_REQUIRED') {
    location.href = `/login?change=1&next=${encodeURIComponent(here())}`;
  }
  if (!res.ok) throw new ApiError(res.status, payload);
  return data as T;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', `${path}${qs(query)}`);
export const post = <T>(path: string, json?: unknown) => request<T>('POST', path, { json: json ?? {} });
export const patch = <T>(path: string, json: unknown) => request<T>('PATCH', path, { json });
export const upload = <T>(path: string, form: FormData) => request<T>('POST', path, { form });

/** A Chinese sentence for an error, with the server's field details when it gave them. */
export function errorText(e: unknown): string {
  // The typed client's errors (client.ts) read the same way.
  if (e instanceof ContractError) return errorText(new ApiError(e.status, (e.body ?? null) as ApiError['payload']));
  if (e instanceof ApiError) {
    const details = Array.isArray(e.payload?.details)
      ? (e.payload.details as { field?: string; messages?: string[]; message?: string }[])
          .map((d) => (d.field ? `${d.field}：${(d.messages || []).join('，')}` : d.message || ''))
          .filter(Boolean)
          .join('；')
      : '';
    return details ? `${e.message}（${details}）` : e.message;
  }
  return '网络错误，请稍后再试';
}

export const asList = <T>(r: T[] | Page<T> | null | undefined): T[] => (Array.isArray(r) ? r : (r?.data ?? []));

/*
 * The pages' API client: openapi-fetch over the types generated from the server's OpenAPI document
 * (`npm run openapi:client` writes schema.d.ts). Paths, parameters, bodies and answers are all typed,
 * so a change of the contract that breaks a call breaks `npm run openapi:client` (tsc --noEmit).
 *
 * Like the pages before it (src/web/public/js/app.js): the session is the httpOnly cookie set by
 * POST /api/v1/auth/session; every call that changes something echoes the readable CSRF cookie in
 * the x-csrf-token header.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ErrorResponse = Schemas['ErrorResponseDto'];

export const CSRF_COOKIE = 'rectify_csrf';
export const CSRF_HEADER = 'x-csrf-token';

function cookie(name: string): string {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : '';
}

/** An answer that is not 2xx, with the server's error body (statusCode, code, message, details?). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse | undefined,
  ) {
    super(body?.message ?? `请求失败（${status}）`);
  }
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') request.headers.set(CSRF_HEADER, cookie(CSRF_COOKIE));
    return request;
  },
};

/** Called on any 401 (the session ended): the pages send the user to the login page. */
let onUnauthenticated: (() => void) | undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

const unauthenticated: Middleware = {
  onResponse({ response }) {
    if (response.status === 401) onUnauthenticated?.();
    return response;
  },
};

/** Paths are the document's own: `/api/v1/items/{id}`, `/health`. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session, unauthenticated);

/** The data of a call, or an ApiError carrying the server's error body. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error as ErrorResponse | undefined);
  return data as T;
}

/** A Chinese sentence for an error of this client, with the server's field details when it gave them. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const list = Array.isArray(e.body?.details) ? (e.body.details as { field?: string; messages?: string[]; message?: string }[]) : [];
    const details = list
      .map((d) => (d.field ? `${d.field}：${(d.messages ?? []).join('，')}` : (d.message ?? '')))
      .filter(Boolean)
      .join('；');
    return details ? `${e.message}（${details}）` : e.message;
  }
  return '网络错误，请稍后再试';
}

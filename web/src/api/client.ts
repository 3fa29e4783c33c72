/*
 * The pages' one fetch layer: openapi-fetch over the types generated from the server's OpenAPI document
 * (`npm run openapi:client` writes schema.d.ts). Paths, parameters, bodies and answers are all typed,
 * and `npm run build` type-checks every page (vue-tsc) before bundling, so a contract change that
 * breaks a page breaks the build.
 *
 * The session is the httpOnly cookie set by POST /api/v1/auth/session; every call that changes
 * something echoes the readable CSRF cookie in the x-csrf-token header (double submit). A 401 sends
 * the user to the login page (calls that must not — the session probe, signing in — pass
 * `stayOnPage`); a pending password change (403 PASSWORD_CHANGE_REQUIRED) to the change form.
 */
import createClient, { type BodySerializer, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type ErrorResponse = Schemas['ErrorResponseDto'];
/** One entry of an error's `details`: a field with its problems, or a located import problem. */
export interface ErrorDetail {
  field?: string;
  messages?: string[];
  message?: string;
  row?: number;
  column?: string;
  [key: string]: unknown;
}

export const CSRF_COOKIE = 'rectify_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const NETWORK_ERROR = '网络错误，请稍后再试';

function cookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return '';
}

/** An answer that is not 2xx (status 0: no answer at all), with the server's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorResponse> | undefined,
  ) {
    super(body?.message || `请求失败（${status}）`);
  }
  /** The error's details as a list (field problems, import problems), or []. */
  get details(): ErrorDetail[] {
    const d = this.body?.details as unknown;
    return Array.isArray(d) ? (d as ErrorDetail[]) : [];
  }
}

/** A Chinese sentence for an error, with the server's field details when it gave them. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const details = e.details
      .map((d) => (d.field ? `${d.field}：${(d.messages ?? []).join('，')}` : (d.message ?? '')))
      .filter(Boolean)
      .join('；');
    return details ? `${e.message}（${details}）` : e.message;
  }
  return NETWORK_ERROR;
}

const here = () => location.pathname + location.search;

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') request.headers.set(CSRF_HEADER, cookie(CSRF_COOKIE));
    return request;
  },
};

const network: Middleware = {
  onError() {
    return new ApiError(0, { message: NETWORK_ERROR });
  },
};

async function errorBody(response: Response): Promise<Partial<ErrorResponse> | undefined> {
  try {
    return (await response.clone().json()) as Partial<ErrorResponse>;
  } catch {
    return undefined;
  }
}

const redirects: Middleware = {
  async onResponse({ response }) {
    if (response.status === 401) {
      location.href = `/login?next=${encodeURIComponent(here())}`;
      throw new ApiError(401, { ...(await errorBody(response)), message: '登录已过期' });
    }
    if (response.status === 403 && (await errorBody(response))?.code === 'PASSWORD_CHANGE_REQUIRED') {
      location.href = `/login?change=1&next=${encodeURIComponent(here())}`;
    }
    return response;
  },
};

/**
 * Per-call opt-out of the 401 → login redirect: `api.GET('/api/v1/auth/me', { middleware: [stayOnPage] })`.
 * A per-call middleware answers first, so the 401 becomes an ApiError before the redirect sees it.
 */
export const stayOnPage: Middleware = {
  async onResponse({ response }) {
    if (response.status === 401) throw new ApiError(401, await errorBody(response));
    return response;
  },
};

/** Query strings without the empty values a filter form leaves behind ('', null, undefined, []). */
export function querySerializer(query: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    for (const one of Array.isArray(v) ? (v as unknown[]) : [v]) {
      if (typeof one === 'string' || typeof one === 'number' || typeof one === 'boolean') if (one !== '') q.append(k, String(one));
    }
  }
  return q.toString();
}

/** Paths are the document's own: `/api/v1/items/{id}`, `/health`. */
export const api = createClient<paths>({
  baseUrl: '',
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer,
});
api.use(csrf, redirects, network);

/** The data of a call, or an ApiError carrying the server's error body. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error && typeof error === 'object' ? error : undefined);
  return data as T;
}

/**
 * Multipart uploads: `api.POST(path, { body: { file: binary(file) }, bodySerializer: multipart })`.
 * The document types a file field as a (binary) string; the browser sets the multipart boundary.
 */
export const multipart: BodySerializer<unknown> = (body) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(body ?? {})) {
    if (v instanceof Blob) form.append(k, v);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') form.append(k, String(v));
  }
  return form;
};
/** A file for a multipart field the document declares as `format: binary`. */
export const binary = (file: Blob): string => file as unknown as string;
/** The body options of a one-file upload (`file` field): `api.POST(path, { params, ...fileBody(file) })`. */
export const fileBody = (file: Blob) => ({ body: { file: binary(file) }, bodySerializer: multipart });

type GetPath = { [P in keyof paths]: paths[P] extends { get: unknown } ? P : never }[keyof paths];
type GetParams<P extends GetPath> = paths[P] extends { get: { parameters: infer Q } } ? Q : never;
type PathOf<Q> = Q extends { path: infer X } ? ([X] extends [never] ? never : X) : never;
type QueryOf<Q> = Q extends { query?: infer X } ? ([X] extends [never] ? never : X) : never;
/** Path parameters are required where the path has them; query parameters are optional. */
type DownloadArgs<P extends GetPath> = [PathOf<GetParams<P>>] extends [never]
  ? [params?: { query?: QueryOf<GetParams<P>> }]
  : [params: { path: PathOf<GetParams<P>>; query?: QueryOf<GetParams<P>> }];

/**
 * The address of a binary download (xlsx, csv, docx, evidence) for an `<a href>` or `location.href`:
 * a GET path of the document with its path and query parameters filled in, so a renamed or removed
 * download breaks the build like any other call.
 */
export function downloadUrl<P extends GetPath>(path: P, ...[params = {}]: DownloadArgs<P>): string {
  let url: string = path;
  for (const [k, v] of Object.entries(('path' in params ? params.path : {}) as Record<string, unknown>))
    url = url.replace(`{${k}}`, encodeURIComponent(String(v)));
  const q = querySerializer(params.query ?? {});
  return q ? `${url}?${q}` : url;
}

/** Starts a binary download in the browser (the session cookie goes along). */
export function download<P extends GetPath>(path: P, ...args: DownloadArgs<P>): void {
  location.href = downloadUrl(path, ...args);
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'rectify_token';
/** Readable by the pages' scripts, which echo it in the `x-csrf-token` header (double submit). */
export const CSRF_COOKIE = 'rectify_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** Bearer header first; the pages' httpOnly cookie second. */
export function tokenFrom(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  return cookieValue(req, SESSION_COOKIE);
}

export function cookieValue(req: Request, name: string): string | undefined {
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * CSRF check for cookie sessions: a state-changing request authenticated by the cookie (no Bearer
 * header) must carry `x-csrf-token` equal to the `rectify_csrf` cookie. Bearer clients are not
 * exposed to CSRF (a browser never adds the header by itself) and pass.
 */
export function csrfSatisfied(req: Request): boolean {
  if (SAFE_METHODS.includes(req.method.toUpperCase())) return true;
  if (req.headers.authorization?.startsWith('Bearer ')) return true;
  const expected = cookieValue(req, CSRF_COOKIE);
  const given = req.headers[CSRF_HEADER];
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request was authenticated by the pages' cookie rather than a Bearer header. */
export function isCookieSession(req: Request): boolean {
  return !req.headers.authorization?.startsWith('Bearer ') && cookieValue(req, SESSION_COOKIE) !== undefined;
}

/** The session cookie (httpOnly) and its double-submit CSRF companion (readable by the pages). */
export function setSessionCookies(req: Request, res: Response, token: string, maxAgeSeconds: number): void {
  const base = { sameSite: 'strict' as const, secure: req.secure, path: '/', maxAge: maxAgeSeconds * 1000 };
  res.cookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
  res.cookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), { ...base, httpOnly: false });
}

export function clearSessionCookies(req: Request, res: Response): void {
  const base = { sameSite: 'strict' as const, secure: req.secure, path: '/' };
  res.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  res.clearCookie(CSRF_COOKIE, base);
}

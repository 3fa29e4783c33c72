/*
 * Signing in and out, the signed-in user, the password change. The session probe and signing in stay
 * on the page on a 401 (it means "not signed in" / "wrong password" there, not "session ended").
 */
import { api, stayOnPage, unwrap, type Schemas } from './client';

export type Me = Schemas['AuthMeDto'];

/** The signed-in user, or null without a session. */
export async function me(): Promise<Me | null> {
  try {
    return await unwrap(api.GET('/api/v1/auth/me', { middleware: [stayOnPage] }));
  } catch {
    return null;
  }
}

export const signIn = (username: string, password: string) =>
  unwrap(api.POST('/api/v1/auth/session', { body: { username, password }, middleware: [stayOnPage] }));
export const changePassword = (currentPassword: string, newPassword: string) =>
  unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword }, middleware: [stayOnPage] }));
export const signOut = () => unwrap(api.POST('/api/v1/auth/logout'));

/*
 * Sign-in and the current user through the typed client. Also the contract's canary: these calls are
 * type-checked against schema.d.ts by `npm run openapi:client`.
 */
import { api, unwrap, type Schemas } from './client';

export type CurrentUser = Schemas['AuthMeDto'];

export function signIn(username: string, password: string) {
  return unwrap(api.POST('/api/v1/auth/session', { body: { username, password } }));
}

export function currentUser(): Promise<CurrentUser> {
  return unwrap(api.GET('/api/v1/auth/me'));
}

export function signOut() {
  return api.POST('/api/v1/auth/logout');
}

export function itemDetail(id: string) {
  return unwrap(api.GET('/api/v1/items/{id}', { params: { path: { id } } }));
}

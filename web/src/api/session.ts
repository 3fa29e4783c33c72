/*
 * The signed-in user through the typed client, under the names the contract's first canary used;
 * the pages themselves use auth.ts.
 */
import { api, stayOnPage, unwrap, type Schemas } from './client';

export { signIn, signOut } from './auth';
export type CurrentUser = Schemas['AuthMeDto'];

export function currentUser(): Promise<CurrentUser> {
  return unwrap(api.GET('/api/v1/auth/me', { middleware: [stayOnPage] }));
}

export function itemDetail(id: string) {
  return unwrap(api.GET('/api/v1/items/{id}', { params: { path: { id } } }));
}

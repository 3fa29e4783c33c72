import { api, unwrap, type Schemas } from './client';
import type { paths } from './schema';

export type User = Schemas['PublicUserDto'];
export type NewUser = Schemas['CreateUserDto'];
export type UserChanges = Schemas['UpdateUserDto'];
export type UserQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>;

export const listUsers = (query: UserQuery) => unwrap(api.GET('/api/v1/users', { params: { query } }));
export const createUser = (f: NewUser) => unwrap(api.POST('/api/v1/users', { body: f }));
export const updateUser = (id: string, f: UserChanges) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: f }));
export const resetPassword = (id: string, newPassword: string) =>
  unwrap(api.POST('/api/v1/users/{id}/password', { params: { path: { id } }, body: { newPassword } }));

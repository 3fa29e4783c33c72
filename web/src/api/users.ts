import { get, patch, post } from './http';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  unitId: string | null;
  unit?: { id: string; name: string } | null;
  email?: string | null;
  phone?: string | null;
  active: boolean;
}
export interface UserForm {
  username?: string;
  password?: string;
  displayName: string;
  role: string;
  unitId?: string | null;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
}

export const listUsers = (query: { role?: string; unitId?: string }) => get<User[]>('/users', query);
export const createUser = (f: UserForm) => post<User>('/users', f);
export const updateUser = (id: string, f: Partial<UserForm>) => patch<User>(`/users/${id}`, f);
export const resetPassword = (id: string, newPassword: string) => post(`/users/${id}/password`, { newPassword });

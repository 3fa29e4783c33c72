import { post, request } from './http';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: 'admin' | 'office' | 'leadership' | 'inspector' | 'unit_manager' | 'unit_staff';
  unitId: string | null;
  unit?: { id: string; name: string } | null;
  mustChangePassword?: boolean;
}

/** The signed-in user, or null without a session. */
export async function me(): Promise<Me | null> {
  try {
    return await request<Me>('GET', '/auth/me', { redirectOn401: false });
  } catch {
    return null;
  }
}

export const signIn = (username: string, password: string) =>
  request<{ user: Me }>('POST', '/auth/session', { json: { username, password }, redirectOn401: false });
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<unknown>('POST', '/auth/password', { json: { currentPassword, newPassword }, redirectOn401: false });
export const signOut = () => post<void>('/auth/logout');

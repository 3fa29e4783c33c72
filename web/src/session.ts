import { ref } from 'vue';
import { me, type Me } from './api/auth';

/** The signed-in user, loaded once per page load (the server already gated the page). */
export const currentUser = ref<Me | null>(null);
let loaded: Promise<Me | null> | null = null;

export function loadUser(): Promise<Me | null> {
  loaded ??= me().then((u) => (currentUser.value = u));
  return loaded;
}

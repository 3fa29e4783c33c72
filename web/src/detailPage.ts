import { ElMessage } from 'element-plus';
import { computed, ref, watch, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { ApiError, errorText } from './api/client';

/**
 * A page about one record (`/…/:id`): loads it whenever the id changes (a 404 shows the 404 view,
 * any other failure its message), and runs the page's actions: each clears the last refusal, says
 * what it did, reloads; a refusal is shown as `actionError`. `act` answers whether it went through.
 */
export function useDetailPage<T>(fetch: (id: string) => Promise<T>, loaded?: (record: T) => void) {
  const route = useRoute();
  const id = computed(() => String(route.params.id));
  const record = ref(null) as Ref<T | null>;
  const missing = ref(false);
  const error = ref('');
  const actionError = ref('');

  async function load(): Promise<void> {
    try {
      record.value = await fetch(id.value);
      loaded?.(record.value);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) missing.value = true;
      else error.value = errorText(e);
    }
  }
  watch(id, load, { immediate: true });

  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    actionError.value = '';
    try {
      await work();
    } catch (e) {
      actionError.value = errorText(e);
      return false;
    }
    ElMessage.success(done);
    await load();
    return true;
  }
  return { id, record, missing, error, actionError, load, act };
}

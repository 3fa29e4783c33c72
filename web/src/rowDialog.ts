import { ElMessage } from 'element-plus';
import { computed, ref, type Ref } from 'vue';
import { errorText } from './api/client';

/**
 * A dialog about one row of a list (reply to this 督办单, answer this 自查自纠, mark this finding):
 * open while it has a target; `send` runs the work on the target, says what it did, closes and
 * reloads the list, or shows the refusal in the dialog and stays open.
 */
export function useRowDialog<T>(reload: () => Promise<unknown>) {
  const target = ref(null) as Ref<T | null>;
  const error = ref('');
  const open = computed({
    get: () => target.value !== null,
    set: (v: boolean) => {
      if (!v) target.value = null;
    },
  });
  function show(row: T): void {
    error.value = '';
    target.value = row;
  }
  async function send<R>(work: (row: T) => Promise<R>, done: string | ((result: R) => string)): Promise<void> {
    if (target.value === null) return;
    error.value = '';
    try {
      const result = await work(target.value);
      ElMessage.success(typeof done === 'string' ? done : done(result));
      target.value = null;
      await reload();
    } catch (e) {
      error.value = errorText(e);
    }
  }
  return { target, error, open, show, send };
}

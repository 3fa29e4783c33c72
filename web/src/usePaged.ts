import { ref, watch, type Ref } from 'vue';
import { errorText } from './api/http';

export const PAGE_SIZE = 20;

/** A paginated list: loads page `page` (first at once), `search()` goes back to page 1. */
export function usePaged<T>(fetch: (page: number, pageSize: number) => Promise<{ data: T[]; total: number }>) {
  const page = ref(1);
  const rows = ref([]) as Ref<T[]>;
  const total = ref<number | null>(null);
  const error = ref('');
  async function load() {
    error.value = '';
    try {
      const res = await fetch(page.value, PAGE_SIZE);
      rows.value = res.data;
      total.value = res.total;
    } catch (e) {
      error.value = errorText(e);
    }
  }
  watch(page, load, { immediate: true });
  const search = () => (page.value === 1 ? load() : void (page.value = 1));
  return { page, rows, total, error, load, search };
}

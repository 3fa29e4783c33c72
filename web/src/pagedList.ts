import { ref, watch, type Ref } from 'vue';
import { errorText } from './api/client';

/**
 * A server-paginated list: its rows, total, page, loading and error, and the calls a search form and
 * an el-pagination make (`search` back to page 1, `goPage`). `fetch` reads one page.
 */
export const PAGE_SIZE = 20;

export function usePagedList<T>(fetch: (page: number, pageSize: number) => Promise<{ data: T[]; total: number }>, pageSize = PAGE_SIZE) {
  const rows = ref([]) as Ref<T[]>;
  const total = ref<number | null>(null);
  const page = ref(1);
  const error = ref('');
  const loading = ref(false);
  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      const res = await fetch(page.value, pageSize);
      rows.value = res.data;
      total.value = res.total;
    } catch (e) {
      error.value = errorText(e);
      rows.value = [];
    } finally {
      loading.value = false;
    }
  }
  const goPage = (p: number) => {
    page.value = p;
    return load();
  };
  return { rows, total, page, error, loading, pageSize, load, goPage, search: () => goPage(1) };
}

/**
 * The same list driven by its page number alone (a `Pager` v-models `page`): the first page loads at
 * once, every page change loads, `search()` goes back to page 1 and loads once.
 */
export function usePaged<T>(fetch: (page: number, pageSize: number) => Promise<{ data: T[]; total: number }>) {
  const list = usePagedList(fetch, PAGE_SIZE);
  watch(list.page, list.load, { immediate: true });
  return { ...list, search: () => (list.page.value === 1 ? list.load() : void (list.page.value = 1)) };
}

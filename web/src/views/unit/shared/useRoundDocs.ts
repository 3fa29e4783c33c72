import { computed, ref } from 'vue';
import { listRounds, type Round } from '../../../api/findings';
import { listScopeUnits } from '../../../api/item-owners';
import { usePagedList } from '../../../pagedList';
import { currentUser } from '../../../session';

export interface RoundDocFilters {
  status: string;
  inspectionId: string;
  unitId: string;
}
export interface RoundDocQuery {
  status?: string;
  inspectionId?: string;
  unitId?: string;
  page: number;
  pageSize: number;
}

/**
 * What units hand in per round (整改方案, 整改情况报告): the paged list behind RoundUnitFilters, with
 * the rounds and units its rows name. The office starts on those awaiting its review.
 */
export function useRoundDocs<T>(list: (q: RoundDocQuery) => Promise<{ data: T[]; total: number }>) {
  const office = computed(() => currentUser.value?.role === 'office');
  const rounds = ref<Round[]>([]);
  const units = ref<{ id: string; name: string }[]>([]);
  const filters = ref<RoundDocFilters>({ status: office.value ? 'submitted' : '', inspectionId: '', unitId: '' });
  const paged = usePagedList((page, pageSize) =>
    list({
      status: filters.value.status || undefined,
      inspectionId: filters.value.inspectionId || undefined,
      unitId: filters.value.unitId || undefined,
      page,
      pageSize,
    }),
  );
  const roundTitle = (id: string) => rounds.value.find((r) => r.id === id)?.title ?? '—';
  const unitName = (id: string) => units.value.find((u) => u.id === id)?.name ?? '—';
  /** The round a new document's form starts on: the only one, when there is only one. */
  const onlyRound = () => (rounds.value.length === 1 ? rounds.value[0].id : '');

  /** Settles once the rounds and units are known (a form opened before then waits for them). */
  const ready = Promise.all([listRounds().catch(() => []), listScopeUnits().catch(() => [])]).then(([r, u]) => {
    rounds.value = r;
    units.value = u;
  });
  void ready.then(paged.load);
  return { office, rounds, units, filters, roundTitle, unitName, onlyRound, ready, ...paged };
}

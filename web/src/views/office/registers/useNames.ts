import { computed, ref } from 'vue';
import { rounds as loadRounds, units as loadUnits, type Round, type Unit } from '../../../api/lookups';

/** Units and internal rounds by id, for the registers' tables and pickers. */
export function useNames() {
  const units = ref<Unit[]>([]);
  const rounds = ref<Round[]>([]);
  void loadUnits().then(
    (u) => (units.value = u),
    () => undefined,
  );
  void loadRounds().then(
    (r) => (rounds.value = r),
    () => undefined,
  );
  const unitName = computed(() => new Map(units.value.map((u) => [u.id, u.name])));
  const roundTitle = computed(() => new Map(rounds.value.map((r) => [r.id, r.title])));
  return {
    units,
    rounds,
    unitName: (id?: string | null) => (id ? (unitName.value.get(id) ?? '—') : '—'),
    roundTitle: (id?: string | null) => (id ? (roundTitle.value.get(id) ?? '—') : '—'),
  };
}

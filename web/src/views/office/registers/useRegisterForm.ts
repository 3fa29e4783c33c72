import { ElMessage } from 'element-plus';
import { reactive, ref, type Reactive } from 'vue';
import { errorText } from '../../../api/client';

/**
 * The register dialog of a register page: `show()` starts from `blank()` (`showWith` adds a prefill), `submit()` checks the
 * required fields (`missing` names them), saves, tells the user and reloads the list.
 */
export function useRegisterForm<T extends object>(opts: {
  blank: () => T;
  missing: (form: Reactive<T>) => string | undefined;
  save: (form: Reactive<T>) => Promise<string>;
  after: () => unknown;
}) {
  const open = ref(false);
  const form = reactive(opts.blank());
  const error = ref('');
  function show() {
    showWith({});
  }
  /** Opens the dialog with some fields already filled (a clue registered from a group's referral). */
  function showWith(prefill: Partial<T>) {
    Object.assign(form, opts.blank(), prefill);
    error.value = '';
    open.value = true;
  }
  async function submit() {
    const missing = opts.missing(form);
    if (missing) return void (error.value = missing);
    try {
      ElMessage.success(await opts.save(form));
      open.value = false;
      await opts.after();
    } catch (e) {
      error.value = errorText(e);
    }
  }
  return { open, form, error, show, showWith, submit };
}

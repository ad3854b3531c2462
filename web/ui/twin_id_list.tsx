/**
 * A `<datalist>` of every twin id, for twin filter fields. Built once per
 * set of twins, so the page's once-a-second re-render does not diff
 * hundreds of options.
 *
 * @module
 */
import { useMemo } from "preact/hooks";
import { useApp } from "./app_context.ts";

/** The twin ids as suggestions for inputs with `list={id}`. */
export function TwinIdList(props: { id: string }) {
  const { store } = useApp();
  const size = store.twins.size;
  return useMemo(
    () => (
      <datalist id={props.id}>
        {[...store.twins.keys()].map((id) => <option key={id} value={id} />)}
      </datalist>
    ),
    [props.id, store, size],
  );
}

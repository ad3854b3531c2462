/**
 * A component whose code loads on first use, so pages and panels the first
 * view does not show stay out of the entry bundle (`deno bundle
 * --code-splitting` puts each dynamic `import()` in its own chunk). Until
 * the chunk is in it shows a short placeholder; if the chunk cannot be
 * loaded it says so and offers to try again.
 *
 * @module
 */
import type { ComponentType, FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";

/** Wrap `load` (a dynamic import picking the component) as a component that loads on first render. */
export function lazyComponent<P extends object>(
  name: string,
  load: () => Promise<ComponentType<P>>,
): FunctionComponent<P> {
  // Held per wrapper (one per lazily loaded component), like the module cache it mirrors.
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetchOnce = () =>
    pending ??= load().then((c) => (loaded = c), (e) => {
      pending = undefined;
      throw e;
    });
  function Lazy(props: P) {
    const [, setReady] = useState(0);
    const [error, setError] = useState<string | undefined>();
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      fetchOnce().then(
        () => live && setReady((n) => n + 1),
        (e) => live && setError(`Could not load ${name}: ${(e as Error).message}`),
      );
      return () => {
        live = false;
      };
    }, [attempt]);
    const Loaded = loaded;
    if (Loaded) return <Loaded {...props} />;
    if (error) {
      return (
        <div class="error-box" role="alert">
          <p>{error}</p>
          <button
            type="button"
            onClick={() => {
              setError(undefined);
              setAttempt(attempt + 1);
            }}
          >
            Try again
          </button>
        </div>
      );
    }
    return <p class="muted">Loading {name}…</p>;
  }
  Lazy.displayName = `Lazy(${name})`;
  return Lazy;
}

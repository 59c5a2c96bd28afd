/**
 * @file Models a toolkit opens itself (not causal LMs of the shared cache), loaded once per spec and trust and kept
 * between requests; a failed load is forgotten, so the next request tries again.
 */

/** `load` wrapped so each (spec, allowLocalFiles) is loaded once. */
export function loadOnce<T>(
  load: (spec: string, allowLocalFiles: boolean) => Promise<T>,
): (spec: string, allowLocalFiles: boolean) => Promise<T> {
  const loaded = new Map<string, Promise<T>>();
  return (spec, allowLocalFiles) => {
    const key = `${allowLocalFiles ? 'local' : 'zoo'}:${spec}`;
    let m = loaded.get(key);
    if (m === undefined) {
      m = load(spec, allowLocalFiles);
      m.catch(() => loaded.delete(key));
      loaded.set(key, m);
    }
    return m;
  };
}

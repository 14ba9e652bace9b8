/**
 * Names as Windows compares them: host, cluster and node names, switch and network names, and VM, adapter and job ids
 * (GUIDs) are the same whatever their case. Every comparison and every Map or Set keyed by such a name goes through
 * here, so that no copy forgets it (a Map keyed by the raw name files `HV01` and `hv01` apart).
 */

/** The key a name is filed under in a Map or Set: equal for names that differ only in case. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** True when both names are present and differ at most in case. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && nameKey(a) === nameKey(b);
}

/** The key a VM (adapter, job) id is filed under: ids are GUIDs, which hosts may print in either case. */
export const idKey: (id: string) => string = nameKey;

/** True when both ids are present and name the same VM (adapter, job). */
export const sameId: (a: string | undefined, b: string | undefined) => boolean = sameName;

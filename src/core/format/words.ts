/** Words as people write them: counts with the right plural, Hyper-V state names spelled out. */

/** "1 VM", "2 VMs", "0 roles"; `many` when the plural is not the word plus "s". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A VMState or cluster node state as people say it: "RunningCritical" → "Running (critical)", "FastSaved" →
 * "Fast saved", "Off" → "Off". Unknown names are spelled out the same way, never dropped.
 */
export function stateText(state: string): string {
  const critical = state.length > 'Critical'.length && state.endsWith('Critical');
  const base = critical ? state.slice(0, -'Critical'.length) : state;
  const words = base.replace(/([a-z])([A-Z])/g, '$1 $2').split(' ');
  const text = words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(' ');
  return critical ? `${text} (critical)` : text;
}

/** "web-01, web-02 and web-03"; long lists end "and 4 more". */
export function listText(items: readonly string[], max = 6): string {
  if (items.length <= 1) return items.join('');
  if (items.length > max) return `${items.slice(0, max - 1).join(', ')} and ${items.length - max + 1} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Every item named, however many: a readiness summary names each host, service and version it means. */
export function listAll(items: readonly string[]): string {
  return listText(items, Number.POSITIVE_INFINITY);
}

/** A cluster node's DrainStatus as people say it: "NotInitiated" → "not drained", "InProgress" → "draining". */
export function drainStatusText(status: string): string {
  const known: Record<string, string> = {
    NotInitiated: 'not drained',
    InProgress: 'draining',
    Completed: 'drained',
    Failed: 'drain failed',
  };
  return known[status] ?? `drain ${stateText(status).toLowerCase()}`;
}

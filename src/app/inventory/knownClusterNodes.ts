import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import { validateNodeName } from '../../core/connections/validation';
import { nameKey, sameName } from '../../core/names';
import type { Source } from './inventoryDialer';

/** Node names learned of each cluster entry (key: the entry's name, lower case). Plain names, never secrets. */
export interface ClusterNodeMemory {
  load(): Readonly<Record<string, readonly string[]>>;
  save(nodes: Readonly<Record<string, readonly string[]>>): void;
}

/**
 * The nodes learned from each configured cluster (by cluster key), remembered across sessions, and from them the
 * hosts a refresh asks for.
 */
export class KnownClusterNodes {
  private readonly nodes = new Map<string, string[]>();

  constructor(private readonly memory: ClusterNodeMemory | undefined) {
    for (const [cluster, nodes] of Object.entries(memory?.load() ?? {})) {
      // Remembered names are dialled with the cluster's settings: only host names, as when they were learned.
      const valid = (Array.isArray(nodes) ? (nodes as unknown[]) : []).filter(
        (n): n is string => typeof n === 'string' && validateNodeName(n) === undefined,
      );
      if (valid.length) this.nodes.set(nameKey(cluster), valid);
    }
  }

  /** Targets of a refresh: configured hosts, and for each cluster its known nodes or, at first, its own name. */
  sources(entries: readonly ConnectionEntry[]): Source[] {
    const out: Source[] = [];
    const seen = new Set<string>();
    const add = (s: Source): void => {
      if (seen.has(nameKey(s.name))) return;
      seen.add(nameKey(s.name));
      out.push(s);
    };
    for (const e of entries) if (e.kind === 'host') add({ name: e.name, entry: e });
    for (const e of entries) {
      if (e.kind !== 'cluster') continue;
      const nodes = this.nodes.get(nameKey(e.name));
      if (nodes?.length) for (const n of nodes) add({ name: n, entry: e, nodeOf: e.name });
      else add({ name: e.name, entry: e });
    }
    return out;
  }

  /**
   * Keeps the nodes the cluster lists now (remembered when they changed); returns the nodes it listed before and no
   * longer does.
   */
  learn(cluster: string, nodes: string[]): string[] {
    const known = this.nodes.get(nameKey(cluster)) ?? [];
    this.nodes.set(nameKey(cluster), nodes);
    if (known.join('\n') === nodes.join('\n')) return [];
    this.remember();
    return known.filter((n) => !nodes.some((m) => sameName(m, n)));
  }

  /** Forgets the nodes of clusters that are no longer configured. */
  prune(entries: readonly ConnectionEntry[]): void {
    const before = this.nodes.size;
    for (const k of [...this.nodes.keys()])
      if (!entries.some((e) => e.kind === 'cluster' && nameKey(e.name) === k)) this.nodes.delete(k);
    if (this.nodes.size !== before) this.remember();
  }

  private remember(): void {
    this.memory?.save(Object.fromEntries(this.nodes));
  }
}

import { sameName, needsPassword, toHostConnection, type ConnectionEntry } from '../core/connections/connectionEntry';
import type { ClusterInfo, HostInventory } from '../core/model/inventory';
import type { HostOperation } from '../core/operations/hostOperation';
import type { LoadState, TreeInput } from '../core/tree/buildTree';
import type { Credential, HostResult, HostRunner, HostTarget } from '../engine/types';
import { Emitter } from './events';

/** Where passwords come from; the UI implements it with VS Code's secret storage and input boxes. */
export interface CredentialSource {
  /** The stored password for a connection that needs one, or a newly asked one; undefined to go without. */
  get(entry: ConnectionEntry, host: string): Promise<Credential | undefined>;
  /** The host refused the credential: ask again. Undefined means the user gave up. */
  renew(entry: ConnectionEntry, host: string): Promise<Credential | undefined>;
}

export interface InventoryServiceDeps {
  /** Created on first use, so nothing spawns PowerShell before the view is shown. */
  readonly runner: () => HostRunner;
  readonly connections: () => readonly ConnectionEntry[];
  readonly credentials: CredentialSource;
  readonly operation: () => HostOperation<HostInventory>;
  readonly timeoutMs: () => number;
}

interface Source {
  /** The host's name as the tree shows it (for a cluster's first contact: the cluster's name). */
  readonly name: string;
  readonly entry: ConnectionEntry;
  /** Set when the target is a node discovered through a cluster entry. */
  readonly nodeOf?: string;
}

/**
 * Keeps the last known inventory of every host and cluster and refreshes it: one request per refresh, one round
 * trip per host, all hosts in parallel. A cluster entry is first reached by its own name; the nodes it reports are
 * then reached one by one by name, and from then on directly.
 */
export class InventoryService {
  private readonly hostLoads = new Map<string, { name: string; load: LoadState<HostInventory> }>();
  private readonly clusterLoads = new Map<string, { name: string; load: LoadState<ClusterInfo> }>();
  /** Nodes learned from each configured cluster, by cluster key. */
  private readonly clusterNodes = new Map<string, string[]>();
  private readonly changed = new Emitter<void>();
  private running: Promise<void> | undefined;
  private pending: { all: boolean; hosts: Set<string> } | undefined;

  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: InventoryServiceDeps) {}

  /** The tree's input: configured hosts and clusters as last seen. */
  snapshot(): TreeInput {
    const entries = this.deps.connections();
    const clusters = entries
      .filter((e) => e.kind === 'cluster')
      .map((e) => this.clusterLoads.get(key(e.name)) ?? { name: e.name, load: { status: 'loading' as const } });
    // A cluster's own name is only a way in: what it answered is filed under the node it led to, and when it failed
    // the cluster itself shows the error.
    const contacts = new Set(entries.filter((e) => e.kind === 'cluster').map((e) => key(e.name)));
    const wanted = this.sources(entries).filter((s) => !(s.nodeOf === undefined && contacts.has(key(s.name))));
    const hosts = wanted.map((s) => this.hostLoads.get(key(s.name)) ?? { name: s.name, load: { status: 'loading' as const } });
    // Nodes reached through a cluster's own name are known by their real names only after the first answer.
    for (const h of this.hostLoads.values()) {
      if (!contacts.has(key(h.name)) && !hosts.some((x) => sameName(x.name, h.name))) hosts.push(h);
    }
    return { hosts, clusters };
  }

  /**
   * How to reach a host the inventory knows: a configured host, or a node found through a cluster entry (reached by
   * its own name with the cluster's settings). Other services (acceleration, migration) reach hosts through this.
   */
  async targetFor(host: string): Promise<HostTarget> {
    const source = this.sources(this.deps.connections()).find((s) => sameName(s.name, host));
    if (!source) throw new Error(`No configured connection reaches ${host}.`);
    return this.target(source);
  }

  hasConnections(): boolean {
    return this.deps.connections().length > 0;
  }

  /** Refreshes every host; a refresh asked for while one runs is coalesced into one that follows it. */
  refreshAll(): Promise<void> {
    return this.schedule({ all: true, hosts: new Set() });
  }

  /** Refreshes only these hosts (or nodes, or clusters: a cluster's name stands for all its nodes). */
  refreshHost(...names: string[]): Promise<void> {
    return this.schedule({ all: false, hosts: new Set(names.map(key)) });
  }

  /** Forgets what was learned of entries that are no longer configured. */
  prune(): void {
    const entries = this.deps.connections();
    const keep = new Set(this.sources(entries).map((s) => key(s.name)));
    for (const e of entries) if (e.kind === 'cluster') keep.add(key(e.name));
    for (const k of [...this.hostLoads.keys()]) if (!keep.has(k)) this.hostLoads.delete(k);
    for (const k of [...this.clusterLoads.keys()]) if (!entries.some((e) => e.kind === 'cluster' && key(e.name) === k)) this.clusterLoads.delete(k);
    for (const k of [...this.clusterNodes.keys()]) if (!this.clusterLoads.has(k) && !entries.some((e) => key(e.name) === k)) this.clusterNodes.delete(k);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private schedule(request: { all: boolean; hosts: Set<string> }): Promise<void> {
    if (!this.running) {
      this.running = this.refresh(request).finally(() => {
        this.running = undefined;
        const next = this.pending;
        this.pending = undefined;
        if (next) void this.schedule(next);
      });
      return this.running;
    }
    if (!this.pending) this.pending = { all: false, hosts: new Set() };
    this.pending.all ||= request.all;
    for (const h of request.hosts) this.pending.hosts.add(h);
    const current = this.running;
    return current.then(() => this.running ?? Promise.resolve());
  }

  /** Targets of a refresh: configured hosts, and for each cluster its known nodes or, at first, its own name. */
  private sources(entries: readonly ConnectionEntry[]): Source[] {
    const out: Source[] = [];
    const seen = new Set<string>();
    const add = (s: Source): void => {
      if (seen.has(key(s.name))) return;
      seen.add(key(s.name));
      out.push(s);
    };
    for (const e of entries) if (e.kind === 'host') add({ name: e.name, entry: e });
    for (const e of entries) {
      if (e.kind !== 'cluster') continue;
      const nodes = this.clusterNodes.get(key(e.name));
      if (nodes?.length) for (const n of nodes) add({ name: n, entry: e, nodeOf: e.name });
      else add({ name: e.name, entry: e });
    }
    return out;
  }

  private async refresh(request: { all: boolean; hosts: Set<string> }): Promise<void> {
    const entries = this.deps.connections();
    let sources = this.sources(entries);
    if (!request.all) {
      sources = sources.filter((s) => request.hosts.has(key(s.name)) || (s.nodeOf !== undefined && request.hosts.has(key(s.nodeOf))));
    }
    if (sources.length === 0) {
      this.changed.fire();
      return;
    }
    // Hosts named on purpose (Retry, Refresh Host, after a change) are tried even while the engine holds them back.
    const retryNow = !request.all;
    await this.fetch(sources, retryNow);

    // Clusters reached by their own name answered with one node; reach the other nodes now, in one more request.
    const discovered = this.sources(entries).filter((s) => s.nodeOf !== undefined && !this.hostLoads.has(key(s.name)));
    if (discovered.length) await this.fetch(discovered, retryNow);
  }

  private async fetch(sources: readonly Source[], retryNow: boolean): Promise<void> {
    for (const s of sources) {
      const prev = this.hostLoads.get(key(s.name));
      if (!prev || prev.load.status === 'error') this.hostLoads.set(key(s.name), { name: s.name, load: { status: 'loading' } });
    }
    this.changed.fire();

    const targets = await Promise.all(sources.map((s) => this.target(s)));
    const results = await this.deps.runner().run(this.deps.operation(), targets, { timeoutMs: this.deps.timeoutMs(), retryNow });
    const retry: Source[] = [];
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i]!;
      const r = results[i];
      if (!r) continue;
      if (!r.ok && r.error.kind === 'authentication' && needsPassword(s.entry) && (await this.deps.credentials.renew(s.entry, s.name))) {
        retry.push(s);
        continue;
      }
      this.record(s, r);
    }
    this.changed.fire();
    if (retry.length) {
      const again = await this.deps.runner().run(this.deps.operation(), await Promise.all(retry.map((s) => this.target(s))), {
        timeoutMs: this.deps.timeoutMs(),
        retryNow,
      });
      retry.forEach((s, i) => {
        const r = again[i];
        if (r) this.record(s, r);
      });
      this.changed.fire();
    }
  }

  private async target(s: Source): Promise<HostTarget> {
    const connection = toHostConnection(s.entry, s.nodeOf ? s.name : undefined);
    const credential = needsPassword(s.entry) ? await this.deps.credentials.get(s.entry, s.name) : undefined;
    return { connection, credential };
  }

  private record(s: Source, r: HostResult<HostInventory>): void {
    const isClusterContact = s.entry.kind === 'cluster' && s.nodeOf === undefined;
    if (!r.ok) {
      this.hostLoads.set(key(s.name), { name: s.name, load: { status: 'error', error: r.error } });
      if (isClusterContact && !this.clusterLoads.has(key(s.entry.name))) {
        this.clusterLoads.set(key(s.entry.name), { name: s.entry.name, load: { status: 'error', error: r.error } });
      }
      return;
    }
    const inv = r.value;
    if (isClusterContact) {
      // The cluster's name led to one of its nodes: file the answer under that node's own name.
      this.hostLoads.delete(key(s.name));
    }
    this.hostLoads.set(key(inv.host.name), { name: inv.host.name, load: { status: 'loaded', value: inv } });
    if (inv.cluster && s.entry.kind === 'cluster') {
      this.clusterNodes.set(key(s.entry.name), inv.cluster.nodes.map((n) => n.name));
      this.clusterLoads.set(key(s.entry.name), { name: s.entry.name, load: { status: 'loaded', value: inv.cluster } });
    }
  }
}

function key(name: string): string {
  return name.toLowerCase();
}

import { needsPassword, type ConnectionEntry } from '../../core/connections/connectionEntry';
import { invalidNodeNameErrorId, validateNodeName } from '../../core/connections/validation';
import { mergeSameMachines, reachedAs } from '../../core/inventory/hostIdentity';
import type { ClusterInfo, HostInventory } from '../../core/inventory/inventory';
import type { HostOperation } from '../../contract/hostOperation';
import type { LoadState, TreeInput } from '../../core/inventory/tree/buildTree';
import { nameKey, sameName } from '../../core/names';

import type { HostErrorInfo, HostResult, HostRunner, HostTarget } from '../../contract/hostRunner';
import type { CredentialSource } from '../connections/credentialBroker';
import { Emitter } from '../events';
import { InventoryDialer, type Source } from './inventoryDialer';
import { KnownClusterNodes, type ClusterNodeMemory } from './knownClusterNodes';

type HostSlot = TreeInput['hosts'][number];

export interface InventoryServiceDeps {
  /** Created on first use, so nothing spawns PowerShell before the view is shown. */
  readonly runner: () => HostRunner;
  readonly connections: () => readonly ConnectionEntry[];
  readonly credentials: CredentialSource;
  readonly operation: () => HostOperation<HostInventory>;
  /**
   * Where the nodes learned of each cluster entry are kept across sessions (the extension's state), so that after a
   * reload a cluster and its nodes load in one round instead of its name first and its nodes in a second.
   */
  readonly nodeMemory?: ClusterNodeMemory;
  /** Per request; absent (as the extension builds it): the engine's default, from the user's request timeout setting. */
  readonly timeoutMs?: () => number;
}

interface RefreshRequest {
  readonly all: boolean;
  readonly hosts: Set<string>;
  /** Hosts (or clusters) whose password may be asked for again although the user dismissed the prompt. */
  readonly askAgain: Set<string>;
}

/**
 * Keeps the last known inventory of every host and cluster and refreshes it: one request per refresh, one round
 * trip per host, all hosts in parallel. A cluster entry is first reached by its own name; the nodes it reports are
 * then reached one by one by name, and from then on directly (also after a reload: the node list is remembered).
 * Each inventory is filed under the identity it was reached as, never under the name the host gives itself.
 */
export class InventoryService {
  private readonly hostLoads = new Map<string, { name: string; load: LoadState<HostInventory> }>();
  private readonly clusterLoads = new Map<string, { name: string; load: LoadState<ClusterInfo> }>();
  /** Nodes learned from each configured cluster. */
  private readonly clusterNodes: KnownClusterNodes;
  private readonly changed = new Emitter<void>();
  private readonly dialer: InventoryDialer;
  private running: Promise<void> | undefined;
  private pending: RefreshRequest | undefined;

  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: InventoryServiceDeps) {
    this.dialer = new InventoryDialer(deps);
    this.clusterNodes = new KnownClusterNodes(deps.nodeMemory);
  }

  /** The tree's input: configured hosts and clusters as last seen, each machine once. */
  snapshot(): TreeInput {
    const entries = this.deps.connections();
    const clusters = entries
      .filter((e) => e.kind === 'cluster')
      .map((e) => this.clusterLoads.get(nameKey(e.name)) ?? { name: e.name, load: { status: 'loading' as const } });
    // A cluster's own name is only a way in: what it answered is filed under the node it led to, and when it failed
    // the cluster itself shows the error.
    const contacts = new Set(entries.filter((e) => e.kind === 'cluster').map((e) => nameKey(e.name)));
    // Nodes found through a cluster first: a machine also configured as a host shows once, as that cluster's node.
    const wanted = this.sources(entries).filter((s) => !(s.nodeOf === undefined && contacts.has(nameKey(s.name))));
    wanted.sort((a, b) => Number(b.nodeOf !== undefined) - Number(a.nodeOf !== undefined));
    const hosts: HostSlot[] = wanted.map((s) => ({
      ...(this.hostLoads.get(nameKey(s.name)) ?? { name: s.name, load: { status: 'loading' as const } }),
      memberOf: s.nodeOf,
    }));
    for (const h of this.hostLoads.values()) {
      if (!contacts.has(nameKey(h.name)) && !hosts.some((x) => sameName(x.name, h.name))) hosts.push(h);
    }
    for (const c of clusters) {
      if (c.load.status !== 'loaded') continue;
      for (const n of c.load.value.nodes) {
        const problem = validateNodeName(n.name);
        if (problem && !hosts.some((x) => x.name === n.name))
          hosts.push({ name: n.name, load: { status: 'error', error: this.refusedNode(c.name, n.name, problem) } });
      }
    }
    return { hosts: mergeSameMachines(hosts), clusters };
  }

  /**
   * How to reach a host the inventory knows: a configured host, or a node found through a cluster entry (reached by
   * its own name with the cluster's settings). Other services (acceleration, migration) reach hosts through this.
   */
  async targetFor(host: string): Promise<HostTarget> {
    const source = this.sources(this.deps.connections()).find((s) => sameName(s.name, host));
    if (!source) throw new Error(`No configured connection reaches ${host}.`);
    const prepared = await this.dialer.prepare(source, {});
    if ('error' in prepared) throw new Error(prepared.error.message);
    return prepared.target;
  }

  hasConnections(): boolean {
    return this.deps.connections().length > 0;
  }

  /**
   * Refreshes every host; a refresh asked for while one runs is coalesced into one that follows it. Never rejects:
   * whatever goes wrong for a host (its password, the engine) becomes that host's error in the tree.
   */
  refreshAll(): Promise<void> {
    return this.schedule({ all: true, hosts: new Set(), askAgain: new Set() });
  }

  /**
   * Refreshes only these hosts (or nodes, or clusters: a cluster's name stands for all its nodes), with every other
   * entry that reaches the same machine (they are shown as one and must not drift apart).
   */
  refreshHost(...names: string[]): Promise<void> {
    return this.schedule({ all: false, hosts: this.withAliases(names), askAgain: new Set() });
  }

  /** The user's Retry or refresh of these hosts: like refreshHost, and a dismissed password prompt is shown again. */
  retryHost(...names: string[]): Promise<void> {
    return this.schedule({ all: false, hosts: this.withAliases(names), askAgain: new Set(names.map(nameKey)) });
  }

  /** Forgets what was learned of entries that are no longer configured. */
  prune(): void {
    const entries = this.deps.connections();
    const keep = new Set(this.sources(entries).map((s) => nameKey(s.name)));
    for (const e of entries) if (e.kind === 'cluster') keep.add(nameKey(e.name));
    for (const k of [...this.hostLoads.keys()]) if (!keep.has(k)) this.hostLoads.delete(k);
    for (const k of [...this.clusterLoads.keys()])
      if (!entries.some((e) => e.kind === 'cluster' && nameKey(e.name) === k)) this.clusterLoads.delete(k);
    this.clusterNodes.prune(entries);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private schedule(request: RefreshRequest): Promise<void> {
    if (!this.running) {
      this.running = this.refresh(request).finally(() => {
        this.running = undefined;
        const next = this.pending;
        this.pending = undefined;
        if (next) void this.schedule(next);
      });
      return this.running;
    }
    const p = this.pending ?? { all: false, hosts: new Set<string>(), askAgain: new Set<string>() };
    this.pending = { ...p, all: p.all || request.all };
    for (const h of request.hosts) p.hosts.add(h);
    for (const h of request.askAgain) p.askAgain.add(h);
    const current = this.running;
    return current.then(() => this.running ?? Promise.resolve());
  }

  private sources(entries: readonly ConnectionEntry[]): Source[] {
    return this.clusterNodes.sources(entries);
  }

  private async refresh(request: RefreshRequest): Promise<void> {
    const entries = this.deps.connections();
    let sources = this.sources(entries);
    if (!request.all) sources = sources.filter((s) => this.asked(request.hosts, s));
    if (sources.length === 0) {
      this.changed.fire();
      return;
    }
    // Hosts named on purpose (Retry, Refresh Host, after a change) are tried even while the engine holds them back.
    const retryNow = !request.all;
    await this.fetch(sources, request.askAgain, retryNow);

    // Reached by its own name, a cluster answered with one node; its other nodes (and nodes a cluster added since)
    // follow in one more request. A cluster whose remembered nodes all failed is asked by its name again: they may be
    // gone.
    const stale = entries.filter(
      (e) =>
        e.kind === 'cluster' &&
        sources.some((s) => s.nodeOf !== undefined && sameName(s.entry.name, e.name)) &&
        !this.clusterLoads.has(nameKey(e.name)),
    );
    // Two rounds at most: a cluster asked again by its name (stale) then has its other nodes to reach.
    for (let round = 0; round < 2; round++) {
      const next = this.sources(entries).filter((s) => s.nodeOf !== undefined && !this.hostLoads.has(nameKey(s.name)));
      if (round === 0) for (const e of stale) next.push({ name: e.name, entry: e });
      if (next.length === 0) break;
      await this.fetch(next, request.askAgain, retryNow);
    }
  }

  private withAliases(names: readonly string[]): Set<string> {
    const out = new Set(names.map(nameKey));
    for (const h of this.snapshot().hosts) {
      const group = [h.name, ...(h.load.status === 'loaded' ? (h.load.value.host.aliases ?? []) : [])];
      if (group.some((n) => out.has(nameKey(n)))) for (const n of group) out.add(nameKey(n));
    }
    return out;
  }

  private asked(names: ReadonlySet<string>, s: Source): boolean {
    return names.has(nameKey(s.name)) || (s.nodeOf !== undefined && names.has(nameKey(s.nodeOf)));
  }

  private async fetch(sources: readonly Source[], askAgain: ReadonlySet<string>, retryNow: boolean): Promise<void> {
    for (const s of sources) {
      const prev = this.hostLoads.get(nameKey(s.name));
      if (!prev || prev.load.status === 'error')
        this.hostLoads.set(nameKey(s.name), { name: s.name, load: { status: 'loading' } });
    }
    this.changed.fire();

    const results = await this.dialer.dial(
      await Promise.all(sources.map((s) => this.dialer.prepare(s, { askAgain: this.asked(askAgain, s) }))),
      retryNow,
    );
    const retry: Source[] = [];
    for (const { source: s, result: r } of results) {
      if (!r.ok && r.error.kind === 'authentication' && needsPassword(s.entry) && (await this.dialer.renewed(s))) {
        retry.push(s);
        continue;
      }
      this.record(s, r);
    }
    this.changed.fire();
    if (retry.length) {
      for (const { source, result } of await this.dialer.dial(
        await Promise.all(retry.map((s) => this.dialer.prepare(s, {}))),
        retryNow,
      ))
        this.record(source, result);
      this.changed.fire();
    }
  }

  private refusedNode(cluster: string, node: string, problem: string): HostErrorInfo {
    return {
      host: node,
      script: this.dialer.scriptName(),
      kind: 'command',
      fullyQualifiedErrorId: invalidNodeNameErrorId,
      message: `Cluster ${cluster} reported a node named "${node}", which is not a host name or FQDN (${problem}); it is not contacted.`,
    };
  }

  private record(s: Source, r: HostResult<HostInventory>): void {
    const isClusterContact = s.entry.kind === 'cluster' && s.nodeOf === undefined;
    if (!r.ok) {
      this.hostLoads.set(nameKey(s.name), { name: s.name, load: { status: 'error', error: r.error } });
      if (isClusterContact && !this.clusterLoads.has(nameKey(s.entry.name))) {
        this.clusterLoads.set(nameKey(s.entry.name), { name: s.entry.name, load: { status: 'error', error: r.error } });
      }
      return;
    }
    const inv = r.value;
    if (inv.cluster && s.entry.kind === 'cluster') {
      // Only names that are host names are dialled with the cluster's settings and credentials.
      const nodes = inv.cluster.nodes.map((n) => n.name).filter((n) => validateNodeName(n) === undefined);
      // A node the cluster no longer lists is forgotten (unless it is configured as a host of its own).
      for (const n of this.clusterNodes.learn(s.entry.name, nodes))
        if (!this.sources(this.deps.connections()).some((x) => sameName(x.name, n))) this.hostLoads.delete(nameKey(n));
      this.clusterLoads.set(nameKey(s.entry.name), {
        name: s.entry.name,
        load: { status: 'loaded', value: inv.cluster },
      });
    }
    if (isClusterContact) {
      // The cluster's name led to one of its nodes: filed under that node as the cluster names it (the name it will be
      // dialled by), and only if the cluster lists it; its own word alone files nothing.
      this.hostLoads.delete(nameKey(s.name));
      const node = inv.cluster?.nodes.find(
        (n) => sameName(n.name, inv.host.name) && validateNodeName(n.name) === undefined,
      );
      if (node)
        this.hostLoads.set(nameKey(node.name), {
          name: node.name,
          load: { status: 'loaded', value: reachedAs(inv, node.name) },
        });
      return;
    }
    this.hostLoads.set(nameKey(s.name), { name: s.name, load: { status: 'loaded', value: reachedAs(inv, s.name) } });
  }
}

import type { HostErrorInfo } from '../../../contract/hostRunner';
import { clusterNodeNameOf, reportedNameOf, reportsOtherName } from '../hostIdentity';
import type { ClusterInfo, ClusterNodeInfo, HostInfo, HostInventory } from '../inventory';
import { errorDescription, hostMigrationBadge } from './rowText';
import type { ClusterErrorTreeNode, ClusterMemberTreeNode, ClusterTreeNode, HostTreeNode, TreeNode } from './treeNode';
import { byName, vmNodes, type Migrating } from './vmNodes';
import { plural, stateText } from '../../format/words';
import { nameKey, sameName } from '../../names';

export type LoadState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'error'; readonly error: HostErrorInfo };

export interface TreeInput {
  /**
   * Every host queried, by identity (the entry or cluster node it is reached as): configured hosts and the nodes of
   * configured clusters (`memberOf`: the cluster entry a node was found through).
   */
  readonly hosts: readonly {
    readonly name: string;
    readonly load: LoadState<HostInventory>;
    readonly memberOf?: string;
  }[];
  /** Configured clusters; what is known of them comes from their nodes' inventories. */
  readonly clusters: readonly { readonly name: string; readonly load: LoadState<ClusterInfo> }[];
  /** Moves this product is running: VM id (lower case) → percent, or 'queued' while it waits for a slot. */
  readonly migrating?: Migrating;
}

const none: Migrating = new Map();

/**
 * Clusters → nodes → VMs, then standalone hosts → VMs. A host that is a cluster node shows once, under its
 * cluster, whether it was configured as a host, found through its cluster, or both.
 */
export function buildInventoryTree(input: TreeInput): TreeNode[] {
  const hosts = new Map(input.hosts.map((h) => [nameKey(h.name), h]));

  const { clusters, entries } = knownClusters(input);

  const placed = new Set<string>();
  const clusterNodes: (ClusterTreeNode | ClusterErrorTreeNode)[] = [];
  for (const info of clusters.values()) {
    const members = info.nodes.map((n) => {
      const slot = hosts.get(nameKey(n.name)) ?? memberReachedOtherwise(input.hosts, info.name, n.name);
      placed.add(nameKey(slot?.name ?? n.name));
      return memberNode(info.name, n, slot, input.migrating ?? none);
    });
    clusterNodes.push({
      kind: 'cluster',
      id: `cluster:${nameKey(info.name)}`,
      name: info.name,
      ...(entries.has(nameKey(info.name)) && entries.get(nameKey(info.name)) !== info.name
        ? { entry: entries.get(nameKey(info.name)) }
        : {}),
      label: info.name,
      description: clusterDescription(info),
      contextValue: 'cluster',
      children: members,
    });
  }
  for (const c of input.clusters) {
    if (c.load.status === 'loaded' || clusters.has(nameKey(c.name))) continue;
    clusterNodes.push({
      kind: 'clusterError',
      id: `cluster:${nameKey(c.name)}${c.load.status === 'error' ? '#unreachable' : ''}`,
      name: c.name,
      label: c.name,
      description: c.load.status === 'error' ? errorDescription(c.load.error) : 'loading…',
      contextValue: c.load.status === 'error' ? 'cluster.unreachable' : 'cluster.loading',
      error: c.load.status === 'error' ? c.load.error : undefined,
      loading: c.load.status === 'loading',
    });
  }

  const standalone: HostTreeNode[] = [];
  for (const h of input.hosts) {
    if (placed.has(nameKey(h.name))) continue;
    // A configured host that turned out to be a node of a cluster nobody configured still shows under that cluster.
    if (h.load.status === 'loaded' && h.load.value.cluster) continue;
    // A node of a configured cluster that has not answered yet is the cluster's business: its row stands for it.
    if (h.memberOf !== undefined && h.load.status !== 'loaded') continue;
    standalone.push(hostNode(h.name, h.load, input.migrating ?? none));
  }

  return [...clusterNodes.sort(byName), ...standalone.sort(byName)];
}

/** What each cluster looks like, from whichever of its members answered (or the configured entry itself), and the
 * entry each was configured as (an FQDN or address spells it otherwise than the cluster does). */
function knownClusters(input: TreeInput): { clusters: Map<string, ClusterInfo>; entries: Map<string, string> } {
  const clusters = new Map<string, ClusterInfo>();
  const entries = new Map<string, string>();
  for (const c of input.clusters) {
    if (c.load.status !== 'loaded') continue;
    clusters.set(nameKey(c.load.value.name), c.load.value);
    entries.set(nameKey(c.load.value.name), c.name);
  }
  for (const h of input.hosts) {
    if (
      h.load.status === 'loaded' &&
      h.load.value.cluster &&
      h.memberOf &&
      !entries.has(nameKey(h.load.value.cluster.name))
    )
      entries.set(nameKey(h.load.value.cluster.name), h.memberOf);
    if (h.load.status === 'loaded' && h.load.value.cluster && !clusters.has(nameKey(h.load.value.cluster.name))) {
      clusters.set(nameKey(h.load.value.cluster.name), h.load.value.cluster);
    }
  }
  return { clusters, entries };
}

function clusterDescription(info: ClusterInfo): string {
  const up = info.nodes.filter((n) => n.state === 'Up').length;
  return `cluster · ${up}/${info.nodes.length} nodes up`;
}

/** A node the cluster names by its computer name but that is reached (configured) by another name, e.g. its address. */
function memberReachedOtherwise(hosts: TreeInput['hosts'], cluster: string, nodeName: string): HostSlot | undefined {
  return hosts.find(
    (h) =>
      h.load.status === 'loaded' &&
      h.load.value.cluster !== undefined &&
      sameName(h.load.value.cluster.name, cluster) &&
      sameName(clusterNodeNameOf(h.load.value), nodeName),
  );
}

type HostSlot = TreeInput['hosts'][number];

function memberNode(
  cluster: string,
  n: ClusterNodeInfo,
  slot: HostSlot | undefined,
  migrating: Migrating,
): ClusterMemberTreeNode {
  const state = n.state.toLowerCase();
  const name = slot?.name ?? n.name;
  const load = slot?.load;
  const base = {
    kind: 'clusterNode' as const,
    id: `node:${nameKey(cluster)}/${nameKey(name)}`,
    name,
    cluster,
    state: n.state,
    label: n.name,
  };
  if (load?.status === 'error') {
    return {
      ...base,
      // its own id: when the node comes back VS Code sees a new item and shows it expanded again
      id: `${base.id}#unreachable`,
      description: `${stateText(n.state)} · ${errorDescription(load.error)}`,
      contextValue: `node.${state}.unreachable`,
      error: load.error,
      loading: false,
      children: [],
    };
  }
  const info = load?.status === 'loaded' ? load.value.host : undefined;
  const vms = load?.status === 'loaded' ? load.value.vms : [];
  const drain = n.drainStatus === 'InProgress' ? ' · draining' : '';
  const loading = load === undefined || load.status === 'loading';
  const badge = info ? hostMigrationBadge(info) : undefined;
  const reached = nameKey(name) !== nameKey(n.name) ? ` · reached as ${name}` : '';
  return {
    ...base,
    // Not yet answered: a row of its own (without children, not expanded), so that the loaded one is new to VS Code
    // and shows expanded, never an expanded row with nothing under it.
    id: loading ? `${base.id}#loading` : base.id,
    description: loading
      ? `${stateText(n.state)} · loading…`
      : `${stateText(n.state)}${drain}${vms.length ? ` · ${plural(vms.length, 'VM')}` : ''}${badge ? ` · ${badge}` : ''}${reached}${aliasText(info)}`,
    contextValue: `node.${state}`,
    loading,
    info,
    children: vmNodes(vms, migrating),
  };
}

function hostNode(name: string, load: LoadState<HostInventory>, migrating: Migrating): HostTreeNode {
  const base = { kind: 'host' as const, id: `host:${nameKey(name)}`, name, label: name };
  switch (load.status) {
    case 'error':
      return {
        ...base,
        id: `${base.id}#unreachable`,
        description: errorDescription(load.error),
        contextValue: 'host.unreachable',
        error: load.error,
        loading: false,
        children: [],
      };
    case 'loading':
      return {
        ...base,
        id: `${base.id}#loading`,
        description: 'loading…',
        contextValue: 'host.loading',
        loading: true,
        children: [],
      };
    case 'loaded': {
      const vms = load.value.vms;
      const running = vms.filter((v) => v.state === 'Running').length;
      const info = load.value.host;
      const own = reportsOtherName(info) ? ` · ${reportedNameOf(info)}` : '';
      const badge = hostMigrationBadge(info);
      return {
        ...base,
        description: `standalone · ${plural(vms.length, 'VM')}, ${running} running${badge ? ` · ${badge}` : ''}${own}${aliasText(info)}`,
        contextValue: 'host.standalone',
        loading: false,
        info,
        children: vmNodes(vms, migrating),
      };
    }
  }
}

/** Other entries that reach this same machine, said once where it is shown. */
function aliasText(info: HostInfo | undefined): string {
  const aliases = info?.aliases ?? [];
  return aliases.length ? ` · also configured as ${aliases.join(', ')}` : '';
}

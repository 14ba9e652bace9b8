/** Which hosts a readiness check asks: from the palette (every host the product knows) or from tree nodes. */
import type { TreeInput } from '../inventory/tree/buildTree';
import { childrenOf, type TreeNode } from '../inventory/tree/treeNode';
import { nameKey, sameName } from '../names';

export interface Candidate {
  readonly name: string;
  readonly description: string;
}

/**
 * Every host the inventory knows (configured hosts and the nodes found through clusters, reachable or not), and
 * each configured cluster whose nodes are not known yet by its own name, so that its remoting can be checked.
 */
export function readinessCandidates(input: Pick<TreeInput, 'hosts' | 'clusters'>): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const h of input.hosts) {
    if (seen.has(nameKey(h.name))) continue;
    seen.add(nameKey(h.name));
    const l = h.load;
    const description =
      l.status === 'loaded'
        ? l.value.cluster
          ? `node of ${l.value.cluster.name}`
          : 'standalone host'
        : l.status === 'error'
          ? `not reachable: ${l.error.message}`
          : 'not loaded yet';
    out.push({ name: l.status === 'loaded' ? l.value.host.name : h.name, description });
  }
  const nodesKnown = (cluster: string): boolean =>
    input.hosts.some(
      (h) =>
        h.load.status === 'loaded' &&
        h.load.value.cluster !== undefined &&
        sameName(h.load.value.cluster.name, cluster),
    );
  for (const c of input.clusters) {
    if (seen.has(nameKey(c.name)) || nodesKnown(c.name)) continue;
    seen.add(nameKey(c.name));
    out.push({
      name: c.name,
      description:
        c.load.status === 'error'
          ? `cluster, not reachable: ${c.load.error.message}`
          : 'cluster (its nodes are not known yet)',
    });
  }
  return out;
}

/** The hosts behind tree nodes: a host or node itself, a cluster its nodes (or its own name while they are unknown). */
export function hostsOfNodes(nodes: readonly TreeNode[]): string[] {
  const out: string[] = [];
  const add = (name: string): void => {
    if (!out.some((n) => sameName(n, name))) out.push(name);
  };
  for (const n of nodes) {
    if (n.kind === 'host' || n.kind === 'clusterNode' || n.kind === 'clusterError') add(n.name);
    if (n.kind === 'cluster') {
      const members = childrenOf(n).flatMap((c) => (c.kind === 'clusterNode' ? [c.name] : []));
      if (members.length) members.forEach(add);
      else add(n.name);
    }
  }
  return out;
}

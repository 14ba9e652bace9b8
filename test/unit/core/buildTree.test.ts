import * as assert from 'node:assert/strict';
import { hostMigrationBadge, hostTooltip } from '../../../src/core/inventory/tree/rowText';
import { buildInventoryTree, type TreeInput } from '../../../src/core/inventory/tree/buildTree';
import type {
  ClusterMemberTreeNode,
  ClusterTreeNode,
  HostTreeNode,
  TreeNode,
  VmTreeNode,
} from '../../../src/core/inventory/tree/treeNode';
import { childrenOf } from '../../../src/core/inventory/tree/treeNode';
import { cluster, inventory, vm } from './fixtures';

const loaded = <T>(value: T) => ({ status: 'loaded' as const, value });
const refused = (host: string) => ({
  status: 'error' as const,
  error: {
    host,
    script: 'get-inventory.ps1',
    kind: 'unreachable' as const,
    reason: 'refused' as const,
    message: `ssh: connect to host ${host} port 22: Connection refused`,
  },
});

function labels(nodes: readonly TreeNode[]): string[] {
  return nodes.map((n) => n.label);
}

function allIds(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allIds(childrenOf(n))]);
}

describe('inventory tree', () => {
  const prod = cluster('CLU-PROD', [
    ['PROD-N1', 'Up'],
    ['PROD-N2', 'Paused'],
    ['PROD-N3', 'Up'],
  ]);
  const input: TreeInput = {
    clusters: [{ name: 'CLU-PROD', load: { status: 'loading' } }],
    hosts: [
      {
        name: 'HV-WEST',
        load: loaded(inventory('HV-WEST', [vm('web-02', 'HV-WEST'), vm('app-01', 'HV-WEST', { state: 'Off' })])),
      },
      { name: 'HV-EAST', load: loaded(inventory('HV-EAST', [vm('web-01', 'HV-EAST')])) },
      // configured as a host AND a node of the configured cluster: must show once, under the cluster
      {
        name: 'PROD-N1',
        load: loaded(
          inventory('PROD-N1', [vm('sql-01', 'PROD-N1', { isClustered: true, ownerNode: 'PROD-N1' })], prod),
        ),
      },
      { name: 'PROD-N2', load: loaded(inventory('PROD-N2', [vm('sql-02', 'PROD-N2', { isClustered: true })], prod)) },
      { name: 'PROD-N3', load: loaded(inventory('PROD-N3', [], prod)) },
    ],
  };

  it('puts clusters first with their nodes, then standalone hosts, sorted by name', () => {
    const tree = buildInventoryTree(input);
    assert.deepEqual(labels(tree), ['CLU-PROD', 'HV-EAST', 'HV-WEST']);
    const c = tree[0] as ClusterTreeNode;
    assert.deepEqual(labels(c.children), ['PROD-N1', 'PROD-N2', 'PROD-N3']);
    assert.deepEqual(labels(childrenOf(c.children[0]!)), ['sql-01']);
    assert.deepEqual(labels((tree[2] as HostTreeNode).children), ['app-01', 'web-02']);
  });

  it('shows a host that is a cluster node only once', () => {
    const ids = allIds(buildInventoryTree(input));
    assert.equal(ids.filter((id) => id.endsWith('prod-n1')).length, 1);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  });

  it('shows a cluster found through a configured node even if the cluster itself is not configured', () => {
    const tree = buildInventoryTree({ clusters: [], hosts: [input.hosts[2]!] });
    assert.deepEqual(labels(tree), ['CLU-PROD']);
    assert.deepEqual(labels((tree[0] as ClusterTreeNode).children), ['PROD-N1', 'PROD-N2', 'PROD-N3']);
  });

  it('a cluster configured by FQDN shows under its own name and keeps the entry its commands act on', () => {
    const byFqdn = buildInventoryTree({ clusters: [{ name: 'clu-prod.contoso.com', load: loaded(prod) }], hosts: [] });
    assert.deepEqual(labels(byFqdn), ['CLU-PROD']);
    assert.equal((byFqdn[0] as ClusterTreeNode).entry, 'clu-prod.contoso.com');
    // Found only through its nodes (the cluster's contact not answered yet): the nodes' entry is still known.
    const viaNodes = buildInventoryTree({
      clusters: [{ name: 'clu-prod.contoso.com', load: { status: 'loading' } }],
      hosts: [{ ...input.hosts[4]!, memberOf: 'clu-prod.contoso.com' }],
    });
    assert.equal((viaNodes.find((n) => n.kind === 'cluster') as ClusterTreeNode).entry, 'clu-prod.contoso.com');
    // Configured under its own name: nothing to add.
    assert.equal(
      (buildInventoryTree({ clusters: [{ name: 'CLU-PROD', load: loaded(prod) }], hosts: [] })[0] as ClusterTreeNode)
        .entry,
      undefined,
    );
  });

  it('shows "Migrating n %" on a VM this product is moving, with the migrating context and icon state', () => {
    const east0 = input.hosts[1]!.load;
    assert.ok(east0.status === 'loaded');
    const web01 = east0.value.vms[0]!;
    const tree = buildInventoryTree({ ...input, migrating: new Map([[web01.id.toLowerCase(), 41.6]]) });
    const east = tree.find((n) => n.label === 'HV-EAST')!;
    const row = childrenOf(east)[0] as VmTreeNode;
    assert.equal(row.description, 'Migrating 42 %');
    assert.equal(row.contextValue, 'vm.migrating');
    assert.equal(row.displayState, 'migrating');
    // the other VMs read as before
    const west = tree.find((n) => n.label === 'HV-WEST')!;
    assert.match((childrenOf(west)[1] as VmTreeNode).description ?? '', /^Running · /);
  });

  it('a queued move reads "Queued to migrate", not "Migrating 0 %"; counts say "1 VM"', () => {
    const east0 = input.hosts[1]!.load;
    assert.ok(east0.status === 'loaded');
    const web01 = east0.value.vms[0]!;
    const tree = buildInventoryTree({ ...input, migrating: new Map([[web01.id.toLowerCase(), 'queued']]) });
    const row = childrenOf(tree.find((n) => n.label === 'HV-EAST')!)[0] as VmTreeNode;
    assert.equal(row.description, 'Queued to migrate');
    const one = buildInventoryTree({
      clusters: [],
      hosts: [
        {
          name: 'HV-ONE',
          load: {
            status: 'loaded',
            value: { ...east0.value, host: { ...east0.value.host, name: 'HV-ONE' }, vms: [web01] },
          },
        },
      ],
    });
    assert.match(one[0]!.description ?? '', /^standalone · 1 VM, /);
  });

  it('a host whose own settings block moves carries a badge; its tooltip lists its live migration settings', () => {
    const east0 = input.hosts[1]!.load;
    assert.ok(east0.status === 'loaded');
    const off = { ...east0.value, host: { ...east0.value.host, migrationEnabled: false } };
    const credssp = {
      ...east0.value,
      host: {
        ...east0.value.host,
        migrationEnabled: true,
        migrationAuthenticationType: 'CredSSP',
        migrationPerformanceOption: 'Compression',
        maximumVirtualMachineMigrations: 2,
        maximumStorageMigrations: 1,
      },
    };
    const tree = buildInventoryTree({
      clusters: [],
      hosts: [
        { name: 'HV-EAST', load: { status: 'loaded', value: off } },
        {
          name: 'HV-WEST',
          load: { status: 'loaded', value: { ...credssp, host: { ...credssp.host, name: 'HV-WEST' } } },
        },
      ],
    });
    assert.match(tree[0]!.description ?? '', / · live migration off$/);
    assert.match(tree[1]!.description ?? '', / · CredSSP: moves need a CredSSP session$/);
    const tip = hostTooltip('HV-WEST', credssp.host);
    for (const line of [
      '- On',
      'Authentication: CredSSP',
      'Performance option: Compression',
      'At most 2 live migrations at once',
      'At most 1 storage migration at once',
    ])
      assert.ok(tip.includes(line), `${line} in\n${tip}`);
    assert.equal(hostMigrationBadge({ ...credssp.host, migrationAuthenticationType: 'Kerberos' }), undefined);
  });

  it('carries kind and state in contextValue', () => {
    const tree = buildInventoryTree(input);
    const c = tree[0] as ClusterTreeNode;
    assert.equal(c.contextValue, 'cluster');
    assert.deepEqual(
      c.children.map((n) => n.contextValue),
      ['node.up', 'node.paused', 'node.up'],
    );
    assert.equal((tree[1] as HostTreeNode).contextValue, 'host.standalone');
    const west = (tree[2] as HostTreeNode).children as VmTreeNode[];
    assert.deepEqual(
      west.map((v) => v.contextValue),
      ['vm.off', 'vm.running'],
    );
    const sql = childrenOf(c.children[0]!)[0] as VmTreeNode;
    assert.equal(sql.contextValue, 'vm.running.clustered');
  });

  it('turns an unreachable host into a node with its reason while the others load', () => {
    const tree = buildInventoryTree({
      clusters: [],
      hosts: [input.hosts[0]!, { name: 'HV-EAST', load: refused('HV-EAST') }],
    });
    const east = tree.find((n) => n.label === 'HV-EAST') as HostTreeNode;
    assert.equal(east.contextValue, 'host.unreachable');
    assert.equal(east.description, 'connection refused');
    assert.equal(east.children.length, 0);
    const west = tree.find((n) => n.label === 'HV-WEST') as HostTreeNode;
    assert.equal(west.children.length, 2);
  });

  it('keeps a node of a cluster in place, with its reason, when it alone does not answer', () => {
    const tree = buildInventoryTree({
      clusters: input.clusters,
      hosts: [input.hosts[2]!, { name: 'PROD-N2', load: refused('PROD-N2') }, input.hosts[4]!],
    });
    const n2 = (tree[0] as ClusterTreeNode).children[1] as ClusterMemberTreeNode;
    assert.equal(n2.label, 'PROD-N2');
    assert.equal(n2.contextValue, 'node.paused.unreachable');
    assert.match(n2.description ?? '', /connection refused/);
  });

  it('shows a configured cluster that nobody could reach as an error node', () => {
    const tree = buildInventoryTree({ clusters: [{ name: 'CLU-OLD', load: refused('CLU-OLD') }], hosts: [] });
    assert.equal(tree[0]!.kind, 'clusterError');
    assert.equal(tree[0]!.contextValue, 'cluster.unreachable');
  });

  it('gives VM nodes their adapters and disks as children', () => {
    const v = vm('db-01', 'HV-EAST', {
      adapters: [
        { name: 'Network Adapter', switchName: 'vSwitch-Prod', macAddress: '00155D0A0B01', ipAddresses: ['10.0.1.5'] },
      ],
      disks: [
        { path: 'D:\\VMs\\db-01\\db-01.vhdx', passThrough: false, vhdType: 'Dynamic', sizeBytes: 60 * 1024 ** 3 },
      ],
    });
    const tree = buildInventoryTree({
      clusters: [],
      hosts: [{ name: 'HV-EAST', load: loaded(inventory('HV-EAST', [v])) }],
    });
    const vmNode = (tree[0] as HostTreeNode).children[0] as VmTreeNode;
    assert.deepEqual(labels(vmNode.children), ['Network Adapter', 'db-01.vhdx']);
    assert.equal(vmNode.children[0]!.description, 'vSwitch-Prod · 00-15-5D-0A-0B-01 · 10.0.1.5');
    assert.equal(vmNode.children[1]!.description, 'Dynamic · 60 GB');
  });
});

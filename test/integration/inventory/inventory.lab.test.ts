// The inventory through the real engine, over SSH, against the demo lab: the same path the tree takes.
import { strict as assert } from 'node:assert';
import { InventoryService } from '../../../src/app/inventory/inventoryService';
import type { ConnectionEntry } from '../../../src/core/connections/connectionEntry';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import { buildInventoryTree } from '../../../src/core/inventory/tree/buildTree';
import type { ClusterTreeNode, HostTreeNode, TreeNode, VmTreeNode } from '../../../src/core/inventory/tree/treeNode';
import { childrenOf } from '../../../src/core/inventory/tree/treeNode';
import { createPowerShellEngine, type PowerShellEngine } from '../../../src/engine';
import { PWSH, startLab, type Lab } from '../../support/lab';

interface TopologyVm {
  name: string;
  host: string;
  state: string;
}

function vmsUnder(node: TreeNode): VmTreeNode[] {
  return childrenOf(node).filter((n): n is VmTreeNode => n.kind === 'vm');
}

describe('inventory of the demo lab over SSH', function () {
  this.timeout(600_000);
  let lab: Lab;
  let engine: PowerShellEngine;
  let service: InventoryService;
  let expected: TopologyVm[];
  const savedPath = process.env.PATH;

  before(async () => {
    lab = await startLab({ topology: 'demo' });
    // Cluster nodes are reached by name, as in a domain: the lab's ssh config resolves them.
    process.env.PATH = lab.clientEnv.PATH;
    engine = createPowerShellEngine({ powershellPath: PWSH });
    const entry = (name: string): ConnectionEntry => {
      const c = lab.connectionFor(name);
      return {
        name,
        kind: 'host',
        transport: 'ssh',
        address: c.address,
        port: c.port,
        userName: c.userName,
        keyFilePath: c.keyFilePath,
      };
    };
    const clusterEntry = (name: string): ConnectionEntry => {
      const c = lab.connectionFor(name);
      return {
        name,
        kind: 'cluster',
        transport: 'ssh',
        address: c.address,
        port: c.port,
        userName: c.userName,
        keyFilePath: c.keyFilePath,
      };
    };
    const entries: ConnectionEntry[] = [
      entry('HV-EAST'),
      entry('HV-WEST'),
      // a node also configured as a host must still show once, under its cluster
      entry('PROD-N1'),
      clusterEntry('CLU-PROD'),
      // a Windows Server 2019 cluster: no MaximumParallelMigrations
      clusterEntry('CLU-STAGE'),
    ];
    service = new InventoryService({
      runner: () => engine,
      connections: () => entries,
      credentials: { get: () => Promise.resolve(undefined), renew: () => Promise.resolve(undefined) },
      operation: getInventory,
      timeoutMs: () => 120_000,
    });
    expected = await lab.pwsh<TopologyVm[]>(
      'Get-LabState | ForEach-Object { $_.VMs } | ForEach-Object { [pscustomobject]@{ name = $_.Name; host = $_.Host; state = [string]$_.State } }',
    );
  });

  after(async () => {
    process.env.PATH = savedPath;
    await engine?.dispose();
    await lab?.stop();
  });

  it('shows the clusters with their nodes, each VM under its owner node, and no host twice', async () => {
    await service.refreshAll();
    const snapshot = service.snapshot();
    const failures = snapshot.hosts.flatMap((h) =>
      h.load.status === 'error' ? [`${h.name}: ${h.load.error.kind} ${h.load.error.message}`] : [],
    );
    assert.deepEqual(failures, [], 'every host answers');
    const tree = buildInventoryTree(snapshot);
    assert.deepEqual(
      tree.map((n) => `${n.kind}:${n.label}`),
      ['cluster:CLU-PROD', 'cluster:CLU-STAGE', 'host:HV-EAST', 'host:HV-WEST'],
    );
    const cluster = tree[0] as ClusterTreeNode;
    assert.deepEqual(
      cluster.children.map((n) => n.label),
      ['PROD-N1', 'PROD-N2', 'PROD-N3'],
    );
    assert.deepEqual(
      cluster.children.map((n) => n.contextValue),
      ['node.up', 'node.up', 'node.up'],
    );
    const stage = tree[1] as ClusterTreeNode;
    assert.deepEqual(
      stage.children.map((n) => n.label),
      ['STAGE-N1', 'STAGE-N2'],
    );

    const shown = new Map<string, string>();
    for (const parent of [...cluster.children, ...stage.children, tree[2]!, tree[3]!]) {
      for (const v of vmsUnder(parent)) {
        assert.ok(!shown.has(v.vm.name), `${v.vm.name} shown twice`);
        shown.set(v.vm.name, parent.label);
      }
    }
    assert.equal(shown.size, expected.length, 'every VM of the lab is shown');
    for (const vm of expected) assert.equal(shown.get(vm.name), vm.host, `${vm.name} under ${vm.host}`);
  });

  it("reads each cluster's limit: 2 on CLU-PROD, none (not 0) on the 2019 cluster CLU-STAGE", () => {
    const limits = service
      .snapshot()
      .clusters.map((c) => [
        c.name,
        c.load.status === 'loaded' ? (c.load.value.maximumParallelMigrations ?? 'none') : c.load.status,
      ]);
    assert.deepEqual(limits, [
      ['CLU-PROD', 2],
      ['CLU-STAGE', 'none'],
    ]);
  });

  it('gives each VM its state and description from the host', () => {
    const tree = buildInventoryTree(service.snapshot());
    const all = tree.flatMap((n) => [...vmsUnder(n), ...childrenOf(n).flatMap(vmsUnder)]);
    for (const vm of expected) {
      const node = all.find((v) => v.vm.name === vm.name);
      assert.ok(node, vm.name);
      assert.equal(node.vm.state, vm.state, `${vm.name} state`);
      // The state as people say it ("Running (critical)", not "RunningCritical").
      const said = vm.state === 'RunningCritical' ? 'Running (critical)' : vm.state;
      assert.ok(node.description?.startsWith(said), `${vm.name}: ${node.description}`);
    }
    const critical = all.find((v) => v.vm.state === 'RunningCritical');
    assert.equal(critical?.contextValue, 'vm.critical.clustered');
    const east = tree.find((n) => n.label === 'HV-EAST') as HostTreeNode;
    const withDisks = vmsUnder(east).find((v) => v.vm.disks.length > 0 && v.vm.adapters.length > 0);
    assert.ok(withDisks, 'a VM with disks and adapters');
    assert.ok(withDisks.vm.disks[0]!.sizeBytes! > 0, 'disk sizes come from Get-VHD');
    assert.match(withDisks.vm.adapters[0]!.macAddress ?? '', /^[0-9A-F]{12}$/);
  });

  it('keeps the other hosts when one goes away, and brings it back on retry', async () => {
    await lab.stopHost('HV-WEST');
    try {
      await service.refreshAll();
      let tree = buildInventoryTree(service.snapshot());
      const west = tree.find((n) => n.label === 'HV-WEST') as HostTreeNode;
      assert.equal(west.contextValue, 'host.unreachable');
      assert.equal(west.description, 'connection refused');
      assert.equal(west.error?.host, 'HV-WEST');
      assert.ok(vmsUnder(tree.find((n) => n.label === 'HV-EAST')!).length > 0, 'HV-EAST still shows its VMs');
      assert.equal((tree[0] as ClusterTreeNode).children.length, 3);

      await lab.startHost('HV-WEST');
      await service.refreshHost('HV-WEST');
      tree = buildInventoryTree(service.snapshot());
      const back = tree.find((n) => n.label === 'HV-WEST') as HostTreeNode;
      assert.equal(back.contextValue, 'host.standalone');
      assert.equal(vmsUnder(back).length, expected.filter((v) => v.host === 'HV-WEST').length);
    } finally {
      await lab.startHost('HV-WEST').catch(() => undefined);
    }
  });
});

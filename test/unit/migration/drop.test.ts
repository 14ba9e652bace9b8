import * as assert from 'node:assert/strict';
import { decideDrop, dropTargetOf, movesToNode } from '../../../src/core/migration/drop';
import { planMove } from '../../../src/core/migration/rules';
import { buildInventoryTree, type TreeInput } from '../../../src/core/inventory/tree/buildTree';
import { childrenOf, type TreeNode } from '../../../src/core/inventory/tree/treeNode';
import type { VmInfo } from '../../../src/core/inventory/inventory';
import { estate, GB } from './estate';

const e = estate();
const input: TreeInput = {
  hosts: e.topology.hosts.map((h) => ({ name: h.host.name, load: { status: 'loaded' as const, value: h } })),
  clusters: [],
};
const all = (nodes: readonly TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...all(childrenOf(n))]);
const nodes = all(buildInventoryTree(input));
const row = (label: string): TreeNode => {
  const n = nodes.find((x) => x.label === label);
  if (!n) throw new Error(`no row ${label}`);
  return n;
};
const ref = (v: VmInfo) => ({ id: v.id, name: v.name, host: v.host });
const idle = (): boolean => false;

describe('dropping VMs onto the tree', () => {
  it('onto another standalone host: one shared-nothing move per VM, planned by the rules', () => {
    const d = decideDrop([ref(e.web), ref(e.off)], dropTargetOf(row('HV-B')), e.topology, idle);
    assert.equal(d.ok, true);
    if (d.ok !== true) return;
    assert.deepEqual(
      d.moves.map((m) => [m.vm.name, m.destination]),
      [
        ['web-01', { type: 'host', host: 'HV-B' }],
        ['off-01', { type: 'host', host: 'HV-B' }],
      ],
    );
    const p = planMove(d.moves[0]!, e.topology);
    assert.equal(p.ok && p.plan.kind, 'sharedNothing');
  });

  it('onto a node of its own cluster: a clustered move', () => {
    const d = decideDrop([ref(e.sql)], dropTargetOf(row('A-N2')), e.topology, idle);
    assert.equal(d.ok, true);
    if (d.ok !== true) return;
    assert.deepEqual(d.moves[0]!.destination, { type: 'clusterNode', cluster: 'CLU-A', node: 'A-N2' });
    const p = planMove(d.moves[0]!, e.topology);
    assert.equal(p.ok && p.plan.kind, 'clustered');
  });

  it('onto a cluster: the user picks among the nodes that are Up, most free memory first', () => {
    const d = decideDrop([ref(e.web)], dropTargetOf(row('CLU-A')), e.topology, idle);
    assert.equal(d.ok, 'chooseNode');
    if (d.ok !== 'chooseNode') return;
    // A-N1 runs sql-01, A-N3 is paused
    assert.deepEqual(
      d.nodes.map((n) => n.node),
      ['A-N2', 'A-N1'],
    );
    assert.ok(d.nodes[0]!.freeMemoryBytes > d.nodes[1]!.freeMemoryBytes);
    assert.equal(d.nodes[0]!.freeMemoryBytes, 256 * GB);
    assert.deepEqual(
      movesToNode(d.vms, 'CLU-A', 'A-N2').moves.map((m) => m.destination),
      [{ type: 'clusterNode', cluster: 'CLU-A', node: 'A-N2' }],
    );
  });

  it("refuses a drop onto the VM's own host, with the reason", () => {
    const d = decideDrop([ref(e.web)], dropTargetOf(row('HV-A')), e.topology, idle);
    assert.equal(d.ok, false);
    assert.match(d.refused[0]!.reason, /web-01 is already on HV-A/);
  });

  it('refuses a drop onto an adapter, a disk or a VM, saying where VMs can go', () => {
    const withAdapter: VmInfo = {
      ...e.off,
      adapters: [{ name: 'Network Adapter', switchName: 'vSwitch-Prod', ipAddresses: [] }],
    };
    const more = all(
      buildInventoryTree({
        hosts: [{ name: 'HV-A', load: { status: 'loaded', value: { ...e.topology.hosts[0]!, vms: [withAdapter] } } }],
        clusters: [],
      }),
    );
    const adapter = more.find((n) => n.kind === 'adapter');
    const disk = more.find((n) => n.kind === 'disk');
    assert.ok(adapter && disk);
    for (const target of [adapter, disk, row('off-01')]) {
      const d = decideDrop([ref(e.web)], dropTargetOf(target), e.topology, idle);
      assert.equal(d.ok, false, target?.kind);
      assert.match(d.refused[0]!.reason, /not a (place a VM can move to|host)/);
    }
  });

  it('refuses a VM that is being migrated, and moves the others of the same drop', () => {
    const d = decideDrop([ref(e.web), ref(e.off)], dropTargetOf(row('HV-B')), e.topology, (id) => id === e.web.id);
    assert.equal(d.ok, true);
    if (d.ok !== true) return;
    assert.deepEqual(
      d.moves.map((m) => m.vm.name),
      ['off-01'],
    );
    assert.match(d.refused[0]!.reason, /web-01 is being migrated/);
  });

  it('refuses a VM the host reports as migrating, and one that is no longer in the inventory', () => {
    const moving = { ...e.web, operationalStatus: ['MigratingVirtualMachine'] };
    const t = {
      hosts: e.topology.hosts.map((h) =>
        h.host.name === 'HV-A' ? { ...h, vms: h.vms.map((v) => (v.id === e.web.id ? moving : v)) } : h,
      ),
    };
    assert.match(decideDrop([ref(e.web)], dropTargetOf(row('HV-B')), t, idle).refused[0]!.reason, /being migrated/);
    assert.match(
      decideDrop([{ id: 'gone', name: 'gone-01', host: 'HV-A' }], dropTargetOf(row('HV-B')), e.topology, idle)
        .refused[0]!.reason,
      /no longer in the inventory/,
    );
  });

  it('refuses a drop onto an unreachable host with its error', () => {
    const down = buildInventoryTree({
      hosts: [
        {
          name: 'HV-X',
          load: {
            status: 'error',
            error: { host: 'HV-X', script: 'get-inventory.ps1', kind: 'unreachable', message: 'connection refused' },
          },
        },
      ],
      clusters: [],
    });
    const d = decideDrop([ref(e.web)], dropTargetOf(down[0]), e.topology, idle);
    assert.equal(d.ok, false);
    assert.match(d.refused[0]!.reason, /HV-X cannot be reached: connection refused/);
  });
});

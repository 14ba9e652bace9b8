import * as assert from 'node:assert/strict';
import { buildInventoryTree, type TreeInput } from '../../../src/core/inventory/tree/buildTree';
import { treeChanges } from '../../../src/core/inventory/tree/treeChanges';
import { childrenOf, type TreeNode } from '../../../src/core/inventory/tree/treeNode';
import { cluster, inventory, vm } from './fixtures';

const loaded = <T>(value: T) => ({ status: 'loaded' as const, value });

describe('tree changes: a refresh redraws only the rows that changed', () => {
  const prod = cluster('CLU-PROD', [
    ['PROD-N1', 'Up'],
    ['PROD-N2', 'Up'],
  ]);
  const web = vm('web-01', 'HV-WEST', { adapters: [{ name: 'Network Adapter', switchName: 'LAN', ipAddresses: [] }] });
  const app = vm('app-01', 'HV-WEST');
  const sql = vm('sql-01', 'PROD-N1', { isClustered: true, ownerNode: 'PROD-N1' });
  const input = (
    over: { web?: Partial<typeof web>; westVms?: (typeof web)[]; migrating?: number } = {},
  ): TreeInput => ({
    clusters: [{ name: 'CLU-PROD', load: loaded(prod) }],
    hosts: [
      { name: 'HV-WEST', load: loaded(inventory('HV-WEST', over.westVms ?? [{ ...web, ...over.web }, app])) },
      { name: 'PROD-N1', load: loaded(inventory('PROD-N1', [sql], prod)) },
      { name: 'PROD-N2', load: loaded(inventory('PROD-N2', [], prod)) },
    ],
    migrating: over.migrating === undefined ? undefined : new Map([[web.id.toLowerCase(), over.migrating]]),
  });
  const tree = (over?: Parameters<typeof input>[0]): TreeNode[] => buildInventoryTree(input(over));

  it('the same answers again: nothing to redraw, and no VM child is built to find that out', () => {
    const after = tree();
    let built = 0;
    for (const host of after.flatMap((r) => [r, ...childrenOf(r)]).filter((n) => n.kind !== 'vm')) {
      for (const v of childrenOf(host)) {
        if (v.kind !== 'vm') continue;
        Object.defineProperty(v, 'children', { enumerable: true, get: () => (built++, []) });
      }
    }
    assert.deepEqual(treeChanges(tree(), after), { kind: 'none' });
    assert.equal(built, 0);
  });

  it('a VM whose state changed: its host, whose counts change with it; not the cluster or its nodes', () => {
    assert.deepEqual(treeChanges(tree(), tree({ web: { state: 'Off' } })), { kind: 'rows', ids: ['host:hv-west'] });
  });

  it('a move reporting progress: the moving VM only, at every percent', () => {
    assert.deepEqual(treeChanges(tree({ migrating: 10 }), tree({ migrating: 11 })), {
      kind: 'rows',
      ids: [`vm:${web.id}`],
    });
  });

  it("a VM's adapter changed: the VM (its children are made from its data), not the host", () => {
    const changes = treeChanges(
      tree(),
      tree({ web: { adapters: [{ name: 'Network Adapter', switchName: 'LAN-2', ipAddresses: [] }] } }),
    );
    assert.deepEqual(changes, { kind: 'rows', ids: [`vm:${web.id}`] });
  });

  it('a VM gone from a host: the host (its children are other rows); its description changed too, so not below it', () => {
    const changes = treeChanges(tree(), tree({ westVms: [app] }));
    assert.equal(changes.kind, 'rows');
    assert.ok(changes.kind === 'rows' && changes.ids.includes('host:hv-west'), JSON.stringify(changes));
    assert.ok(changes.kind === 'rows' && !changes.ids.some((id) => id.startsWith('vm:')), JSON.stringify(changes));
  });

  it("a node drained of its last VM: the cluster's row, so the node is drawn again without an expanded arrow over nothing", () => {
    const drained: TreeInput = {
      ...input(),
      hosts: [
        input().hosts[0]!,
        { name: 'PROD-N1', load: loaded(inventory('PROD-N1', [], prod)) },
        {
          name: 'PROD-N2',
          load: loaded(inventory('PROD-N2', [{ ...sql, host: 'PROD-N2', ownerNode: 'PROD-N2' }], prod)),
        },
      ],
    };
    const after = buildInventoryTree(drained);
    const clusterRow = after.find((r) => r.kind === 'cluster')!;
    assert.deepEqual(treeChanges(tree(), after), { kind: 'rows', ids: [clusterRow.id] });
  });

  it('another set of roots (a host added, a cluster gone): everything', () => {
    const more: TreeInput = {
      ...input(),
      hosts: [...input().hosts, { name: 'HV-EAST', load: loaded(inventory('HV-EAST', [])) }],
    };
    assert.deepEqual(treeChanges(tree(), buildInventoryTree(more)), { kind: 'all' });
  });
  it('a VM row that differs in any one of its fields is redrawn, whatever field that is', () => {
    const before = tree();
    const host = before.find((r) => r.kind === 'host')!;
    const row = childrenOf(host).find((n) => n.kind === 'vm')!;
    const keys = Object.keys(row).filter((k) => k !== 'children' && k !== 'kind' && k !== 'id');
    assert.ok(keys.length >= 5, keys.join());
    for (const key of keys) {
      const changed = { ...row, [key]: key === 'vm' ? { ...row.vm, name: 'renamed' } : 'other' } as TreeNode;
      const after = before.map<TreeNode>((r) =>
        r === host ? { ...host, children: childrenOf(host).map((n) => (n === row ? changed : n)) } : r,
      );
      assert.deepEqual(treeChanges(before, after), { kind: 'rows', ids: [row.id] }, key);
    }
  });
});

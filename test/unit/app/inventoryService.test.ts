import * as assert from 'node:assert/strict';
import { InventoryService } from '../../../src/app/inventory/inventoryService';
import type { ConnectionEntry } from '../../../src/core/connections/connectionEntry';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import type { HostOperation } from '../../../src/contract/hostOperation';
import { buildInventoryTree } from '../../../src/core/inventory/tree/buildTree';
import type { ClusterTreeNode } from '../../../src/core/inventory/tree/treeNode';
import type { HostResult, HostRunner, HostTarget } from '../../../src/contract/hostRunner';
import { cluster, inventory, vm } from '../core/fixtures';
import type { HostInventory } from '../../../src/core/inventory/inventory';

/** A runner that answers from a table of hosts, keyed by the address the engine would connect to. */
class TableRunner implements HostRunner {
  readonly requests: string[][] = [];
  constructor(private readonly answers: Map<string, HostInventory | 'refused'>) {}
  run<R>(_op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    this.requests.push(targets.map((t) => t.connection.address ?? t.connection.name));
    return Promise.resolve(
      targets.map((t): HostResult<R> => {
        const address = t.connection.address ?? t.connection.name;
        const a = this.answers.get(address);
        if (a === undefined || a === 'refused') {
          return {
            host: t.connection.name,
            ok: false,
            durationMs: 1,
            error: {
              host: t.connection.name,
              script: 'get-inventory.ps1',
              kind: 'unreachable',
              reason: 'refused',
              message: 'Connection refused',
            },
          };
        }
        return { host: t.connection.name, ok: true, durationMs: 1, value: a as R };
      }),
    );
  }
  runOne<R>(): Promise<R> {
    return Promise.reject(new Error('not used'));
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

const prod = cluster('CLU-PROD', [
  ['PROD-N1', 'Up'],
  ['PROD-N2', 'Up'],
  ['PROD-N3', 'Up'],
]);

function service(entries: ConnectionEntry[], runner: TableRunner): InventoryService {
  return new InventoryService({
    runner: () => runner,
    connections: () => entries,
    credentials: { get: () => Promise.resolve(undefined), renew: () => Promise.resolve(undefined) },
    operation: getInventory,
    timeoutMs: () => 30000,
  });
}

describe('inventory service', () => {
  it('reaches a cluster by its name, then each of its nodes by name, and shows every node once', async () => {
    const runner = new TableRunner(
      new Map<string, HostInventory | 'refused'>([
        ['clu-prod.lab', inventory('PROD-N2', [vm('sql-02', 'PROD-N2')], prod)],
        ['PROD-N1', inventory('PROD-N1', [vm('sql-01', 'PROD-N1')], prod)],
        ['PROD-N2', inventory('PROD-N2', [vm('sql-02', 'PROD-N2')], prod)],
        ['PROD-N3', inventory('PROD-N3', [], prod)],
        ['HV-EAST', inventory('HV-EAST', [vm('web-01', 'HV-EAST')])],
      ]),
    );
    const s = service(
      [
        { name: 'HV-EAST', kind: 'host', transport: 'ssh' },
        { name: 'CLU-PROD', kind: 'cluster', transport: 'ssh', address: 'clu-prod.lab' },
      ],
      runner,
    );
    await s.refreshAll();
    assert.deepEqual(runner.requests, [
      ['HV-EAST', 'clu-prod.lab'],
      ['PROD-N1', 'PROD-N3'],
    ]);
    const tree = buildInventoryTree(s.snapshot());
    assert.deepEqual(
      tree.map((n) => n.label),
      ['CLU-PROD', 'HV-EAST'],
    );
    assert.deepEqual(
      (tree[0] as ClusterTreeNode).children.map((n) => `${n.label}:${'children' in n ? n.children.length : 0}`),
      ['PROD-N1:1', 'PROD-N2:1', 'PROD-N3:0'],
    );

    // From then on: one round trip per host, the nodes reached directly.
    await s.refreshAll();
    assert.deepEqual(runner.requests[2], ['HV-EAST', 'PROD-N1', 'PROD-N2', 'PROD-N3']);
  });

  it('refreshes only the host asked for', async () => {
    const runner = new TableRunner(
      new Map([
        ['HV-EAST', inventory('HV-EAST', [])],
        ['HV-WEST', inventory('HV-WEST', [])],
      ]),
    );
    const s = service(
      [
        { name: 'HV-EAST', kind: 'host', transport: 'ssh' },
        { name: 'HV-WEST', kind: 'host', transport: 'ssh' },
      ],
      runner,
    );
    await s.refreshAll();
    await s.refreshHost('hv-west');
    assert.deepEqual(runner.requests, [['HV-EAST', 'HV-WEST'], ['HV-WEST']]);
  });

  it('keeps a host that fails as an error while the others load, and recovers it on retry', async () => {
    const answers = new Map<string, HostInventory | 'refused'>([
      ['HV-EAST', 'refused'],
      ['HV-WEST', inventory('HV-WEST', [vm('a', 'HV-WEST')])],
    ]);
    const runner = new TableRunner(answers);
    const s = service(
      [
        { name: 'HV-EAST', kind: 'host', transport: 'ssh' },
        { name: 'HV-WEST', kind: 'host', transport: 'ssh' },
      ],
      runner,
    );
    await s.refreshAll();
    let tree = buildInventoryTree(s.snapshot());
    assert.deepEqual(
      tree.map((n) => n.contextValue),
      ['host.unreachable', 'host.standalone'],
    );
    answers.set('HV-EAST', inventory('HV-EAST', [vm('b', 'HV-EAST')]));
    await s.refreshHost('HV-EAST');
    tree = buildInventoryTree(s.snapshot());
    assert.deepEqual(
      tree.map((n) => n.contextValue),
      ['host.standalone', 'host.standalone'],
    );
  });

  it('coalesces refreshes asked for while one runs', async () => {
    const runner = new TableRunner(new Map([['HV-EAST', inventory('HV-EAST', [])]]));
    const s = service([{ name: 'HV-EAST', kind: 'host', transport: 'ssh' }], runner);
    await Promise.all([s.refreshAll(), s.refreshAll(), s.refreshAll(), s.refreshAll()]);
    assert.equal(runner.requests.length, 2);
  });
});

describe('inventory service, cluster that cannot be reached', () => {
  it('shows the cluster once, as an error, and not also as a host', async () => {
    const runner = new TableRunner(new Map());
    const s = service([{ name: 'CLU-PROD', kind: 'cluster', transport: 'ssh' }], runner);
    await s.refreshAll();
    const tree = buildInventoryTree(s.snapshot());
    assert.deepEqual(
      tree.map((n) => `${n.kind}:${n.label}:${n.contextValue}`),
      ['clusterError:CLU-PROD:cluster.unreachable'],
    );
  });
});

describe('inventory service, reaching hosts for other services', () => {
  it('reaches a node found through a cluster by its own name, with the cluster entry settings', async () => {
    const runner = new TableRunner(
      new Map<string, HostInventory | 'refused'>([
        ['clu.lab', inventory('PROD-N1', [], prod)],
        ['PROD-N2', inventory('PROD-N2', [], prod)],
        ['PROD-N3', inventory('PROD-N3', [], prod)],
      ]),
    );
    const s = service(
      [{ name: 'CLU-PROD', kind: 'cluster', transport: 'ssh', address: 'clu.lab', keyFilePath: '/k' }],
      runner,
    );
    await s.refreshAll();
    const t = await s.targetFor('prod-n3');
    assert.equal(t.connection.name, 'PROD-N3');
    assert.equal(t.connection.address, 'PROD-N3');
    assert.equal(t.connection.keyFilePath, '/k');
    await assert.rejects(s.targetFor('HV-NOWHERE'), /No configured connection reaches HV-NOWHERE/);
  });
});

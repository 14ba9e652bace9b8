// Identity by connection: a host is known by the entry (or cluster node) it is reached as, whatever it calls itself.
// Hosts added by IP, by FQDN and by short name, a cluster added by FQDN whose nodes report short names, a host that
// claims another's name, two entries that reach one machine: each shows once and every action reaches it.
import * as assert from 'node:assert/strict';
import { InventoryService } from '../../../src/app/inventory/inventoryService';
import type { ClusterNodeMemory } from '../../../src/app/inventory/knownClusterNodes';
import type { ConnectionEntry } from '../../../src/core/connections/connectionEntry';
import { startMove } from '../../../src/core/migration/operations/startMove';
import { planMove } from '../../../src/core/migration/rules';
import { topologyOf } from '../../../src/core/migration/topology';
import type { HostInventory } from '../../../src/core/inventory/inventory';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import type { HostOperation } from '../../../src/contract/hostOperation';
import { buildInventoryTree } from '../../../src/core/inventory/tree/buildTree';
import { childrenOf, type TreeNode } from '../../../src/core/inventory/tree/treeNode';
import type { HostResult, HostRunner, HostTarget } from '../../../src/contract/hostRunner';
import { cluster, inventory, vm } from '../core/fixtures';

const GB = 1024 ** 3;

/** Answers from a table keyed by the address dialled; records each request's addresses. */
class Answers implements HostRunner {
  readonly requests: string[][] = [];
  constructor(readonly table: Map<string, HostInventory>) {}
  run<R>(_op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    this.requests.push(targets.map((t) => t.connection.address ?? t.connection.name));
    return Promise.resolve(
      targets.map((t): HostResult<R> => {
        const a = this.table.get(t.connection.address ?? t.connection.name);
        if (a) return { host: t.connection.name, ok: true, durationMs: 1, value: a as R };
        const error = {
          host: t.connection.name,
          script: 'get-inventory.ps1',
          kind: 'unreachable' as const,
          reason: 'nameResolution' as const,
          message: 'Could not resolve hostname',
        };
        return { host: t.connection.name, ok: false, durationMs: 1, error };
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

/** A host's answer as its own Get-VMHost says it: computer name, FQDN, size. */
function reported(
  name: string,
  vms: ReturnType<typeof vm>[],
  extra: Partial<HostInventory['host']> = {},
  clu?: HostInventory['cluster'],
): HostInventory {
  const inv = inventory(name, vms, clu);
  return {
    ...inv,
    host: {
      ...inv.host,
      fullyQualifiedDomainName: `${name.toLowerCase()}.contoso.com`,
      memoryCapacityBytes: 256 * GB,
      logicalProcessorCount: 32,
      virtualMachinePath: 'D:\\Hyper-V',
      virtualHardDiskPath: 'D:\\Hyper-V\\Virtual Hard Disks',
      ...extra,
    },
  };
}

const host = (name: string, extra: Partial<ConnectionEntry> = {}): ConnectionEntry => ({
  name,
  kind: 'host',
  transport: 'ssh',
  ...extra,
});

function service(entries: ConnectionEntry[], runner: Answers, nodeMemory?: ClusterNodeMemory): InventoryService {
  return new InventoryService({
    runner: () => runner,
    connections: () => entries,
    credentials: { get: () => Promise.resolve(undefined), renew: () => Promise.resolve(undefined) },
    operation: getInventory,
    nodeMemory,
  });
}

function rows(nodes: readonly TreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.label} [${n.description ?? ''}]`,
    ...(n.kind === 'vm' ? [] : rows(childrenOf(n), depth + 1)),
  ]);
}

describe('inventory identity: by connection, not by self-report', () => {
  it('a host added by IP and one added by FQDN each show once under their entry, loaded, and their VMs name that entry', async () => {
    const web = vm('web-01', 'HV01');
    const app = vm('app-01', 'HV02');
    const runner = new Answers(
      new Map([
        ['10.0.0.21', reported('HV01', [web])],
        ['hv02.contoso.com', reported('HV02', [app])],
      ]),
    );
    const s = service([host('10.0.0.21'), host('hv02.contoso.com')], runner);
    await s.refreshAll();
    assert.deepEqual(rows(buildInventoryTree(s.snapshot())), [
      '10.0.0.21 [standalone · 1 VM, 1 running · HV01]',
      '  web-01 [Running · 7% CPU · 4 GB · up 3d 4h]',
      'hv02.contoso.com [standalone · 1 VM, 1 running]',
      '  app-01 [Running · 7% CPU · 4 GB · up 3d 4h]',
    ]);
    const t = topologyOf(s.snapshot());
    assert.deepEqual(
      t.hosts.flatMap((h) => h.vms.map((v) => `${v.name}@${v.host}`)),
      ['web-01@10.0.0.21', 'app-01@hv02.contoso.com'],
    );
    // Every action of those VMs reaches their host through the entry.
    for (const v of t.hosts.flatMap((h) => h.vms)) assert.equal((await s.targetFor(v.host)).connection.name, v.host);
    assert.deepEqual(
      t.hosts.map((h) => [h.host.reportedName, h.host.fullyQualifiedDomainName]),
      [
        ['HV01', 'hv01.contoso.com'],
        ['HV02', 'hv02.contoso.com'],
      ],
    );
  });

  it("a move between them is planned by identity and sends Move-VM the destination's own FQDN, never the address", async () => {
    const web = vm('web-01', 'HV01', { disks: [{ path: 'D:\\VMs\\web-01.vhdx', passThrough: false }] });
    const runner = new Answers(
      new Map([
        ['hv01', reported('HV01', [web])],
        ['10.0.0.22', reported('HV02', [])],
      ]),
    );
    const s = service([host('hv01'), host('10.0.0.22')], runner);
    await s.refreshAll();
    const t = topologyOf(s.snapshot());
    const moved = t.hosts[0]!.vms[0]!;
    const p = planMove(
      { vm: { id: moved.id, name: moved.name, host: moved.host }, destination: { type: 'host', host: '10.0.0.22' } },
      t,
    );
    assert.ok(p.ok, JSON.stringify(p));
    assert.equal(p.plan.sourceHost, 'hv01');
    assert.equal(p.plan.destinationHost, '10.0.0.22');
    const step = p.plan.steps[0]!;
    assert.ok(step.action === 'moveVm');
    assert.equal(startMove(moved.id, step).parameters.DestinationHost, 'hv02.contoso.com');
    // ...and back: the short-name entry's FQDN.
    const back = planMove(
      { vm: { id: moved.id, name: moved.name, host: '10.0.0.22' }, destination: { type: 'host', host: 'hv01' } },
      {
        hosts: [t.hosts[0]!, { ...t.hosts[1]!, vms: [{ ...moved, host: '10.0.0.22' }] }].map((h, i) =>
          i === 0 ? { ...h, vms: [] } : h,
        ),
      },
    );
    assert.ok(back.ok, JSON.stringify(back));
    assert.equal(
      startMove(moved.id, back.plan.steps[0] as Extract<(typeof back.plan.steps)[number], { action: 'moveVm' }>)
        .parameters.DestinationHost,
      'hv01.contoso.com',
    );
    for (const h of [p.plan.sourceHost, p.plan.destinationHost]) assert.ok(await s.targetFor(h));
  });

  it("a host that reports another host's name does not take its place: both show, each under its own entry", async () => {
    const runner = new Answers(
      new Map([
        ['HV-A', reported('HV-A', [vm('a-1', 'HV-A')])],
        ['HV-B', reported('HV-A', [vm('b-1', 'HV-A')])],
      ]),
    );
    const s = service([host('HV-A'), host('HV-B')], runner);
    await s.refreshAll();
    assert.deepEqual(
      rows(buildInventoryTree(s.snapshot())).filter((r) => !r.startsWith(' ')),
      ['HV-A [standalone · 1 VM, 1 running]', 'HV-B [standalone · 1 VM, 1 running · HV-A]'],
    );
    assert.deepEqual(
      topologyOf(s.snapshot()).hosts.map((h) => `${h.host.name}:${h.vms.map((v) => v.name).join(',')}`),
      ['HV-A:a-1', 'HV-B:b-1'],
    );
  });

  it('a cluster added by FQDN whose nodes report short names: the cluster and its three nodes once, each node reachable', async () => {
    const prod = cluster('CLU-PROD', [
      ['PROD-N1', 'Up'],
      ['PROD-N2', 'Up'],
      ['PROD-N3', 'Up'],
    ]);
    const n2 = reported('PROD-N2', [vm('sql-02', 'PROD-N2', { isClustered: true })], {}, prod);
    const runner = new Answers(
      new Map([
        ['clu-prod.contoso.com', n2],
        ['PROD-N1', reported('PROD-N1', [vm('sql-01', 'PROD-N1', { isClustered: true })], {}, prod)],
        ['PROD-N2', n2],
        ['PROD-N3', reported('PROD-N3', [], {}, prod)],
      ]),
    );
    const s = service([{ name: 'clu-prod.contoso.com', kind: 'cluster', transport: 'ssh' }], runner);
    await s.refreshAll();
    assert.deepEqual(runner.requests, [['clu-prod.contoso.com'], ['PROD-N1', 'PROD-N3']]);
    assert.deepEqual(rows(buildInventoryTree(s.snapshot())), [
      'CLU-PROD [cluster · 3/3 nodes up]',
      '  PROD-N1 [Up · 1 VM]',
      '    sql-01 [Running · 7% CPU · 4 GB · up 3d 4h]',
      '  PROD-N2 [Up · 1 VM]',
      '    sql-02 [Running · 7% CPU · 4 GB · up 3d 4h]',
      '  PROD-N3 [Up]',
    ]);
    for (const n of ['PROD-N1', 'PROD-N2', 'PROD-N3']) assert.equal((await s.targetFor(n)).connection.address, n);
    const t = topologyOf(s.snapshot());
    const sql = t.hosts.find((h) => h.host.name === 'PROD-N1')!.vms[0]!;
    const p = planMove(
      {
        vm: { id: sql.id, name: sql.name, host: sql.host },
        destination: { type: 'clusterNode', cluster: 'CLU-PROD', node: 'PROD-N3' },
      },
      t,
    );
    assert.ok(p.ok, JSON.stringify(p));
    assert.deepEqual(p.plan.steps, [
      { action: 'moveClusterRole', host: 'PROD-N1', node: 'PROD-N3', nodeName: 'PROD-N3', migrationType: 'Live' },
    ]);
  });

  it("a cluster's contact that names a node its cluster does not list files nothing under that name", async () => {
    const prod = cluster('CLU-PROD', [['PROD-N1', 'Up']]);
    const runner = new Answers(
      new Map([
        ['clu-prod', reported('HV-EAST', [vm('intruder', 'HV-EAST')], {}, prod)],
        ['PROD-N1', reported('PROD-N1', [], {}, prod)],
        ['HV-EAST', reported('HV-EAST', [vm('web-01', 'HV-EAST')])],
      ]),
    );
    const s = service([host('HV-EAST'), { name: 'clu-prod', kind: 'cluster', transport: 'ssh' }], runner);
    await s.refreshAll();
    const t = topologyOf(s.snapshot());
    assert.deepEqual(
      t.hosts.map((h) => `${h.host.name}:${h.vms.map((v) => v.name).join(',')}`),
      ['PROD-N1:', 'HV-EAST:web-01'],
    );
  });

  it('two entries that reach one machine show it once and say so; refreshing it asks both', async () => {
    const east = reported('HV-EAST', [vm('web-01', 'HV-EAST')]);
    const runner = new Answers(
      new Map([
        ['HV-EAST', east],
        ['127.0.0.11', east],
        ['HV-WEST', reported('HV-WEST', [])],
      ]),
    );
    const s = service([host('HV-EAST'), host('HV-WEST'), host('127.0.0.11')], runner);
    await s.refreshAll();
    assert.deepEqual(
      rows(buildInventoryTree(s.snapshot())).filter((r) => !r.startsWith(' ')),
      [
        'HV-EAST [standalone · 1 VM, 1 running · also configured as 127.0.0.11]',
        'HV-WEST [standalone · 0 VMs, 0 running]',
      ],
    );
    const t = topologyOf(s.snapshot());
    assert.equal(t.hosts.length, 2);
    assert.equal((await s.targetFor('127.0.0.11')).connection.name, '127.0.0.11');
    await s.refreshHost('HV-EAST');
    assert.deepEqual(runner.requests.at(-1), ['HV-EAST', '127.0.0.11']);
  });

  it("a cluster node also configured as a host by its address shows once, as the cluster's node", async () => {
    const prod = cluster('CLU-PROD', [
      ['PROD-N1', 'Up'],
      ['PROD-N2', 'Up'],
    ]);
    const n1 = reported('PROD-N1', [vm('sql-01', 'PROD-N1', { isClustered: true })], {}, prod);
    const runner = new Answers(
      new Map([
        ['10.0.0.31', n1],
        ['clu-prod', n1],
        ['PROD-N1', n1],
        ['PROD-N2', reported('PROD-N2', [], {}, prod)],
      ]),
    );
    const s = service([host('10.0.0.31'), { name: 'clu-prod', kind: 'cluster', transport: 'ssh' }], runner);
    await s.refreshAll();
    assert.deepEqual(
      rows(buildInventoryTree(s.snapshot())).filter((r) => !r.startsWith('    ')),
      ['CLU-PROD [cluster · 2/2 nodes up]', '  PROD-N1 [Up · 1 VM · also configured as 10.0.0.31]', '  PROD-N2 [Up]'],
    );
  });

  it('remembered nodes: after a reload the cluster and its nodes load in one round; nodes that are gone send it back to its name', async () => {
    const prod = cluster('CLU-PROD', [
      ['PROD-N1', 'Up'],
      ['PROD-N2', 'Up'],
    ]);
    const table = new Map([
      ['clu-prod', reported('PROD-N1', [], {}, prod)],
      ['PROD-N1', reported('PROD-N1', [], {}, prod)],
      ['PROD-N2', reported('PROD-N2', [], {}, prod)],
    ]);
    let saved: Record<string, readonly string[]> = {};
    const memory: ClusterNodeMemory = { load: () => saved, save: (n) => (saved = { ...n }) };
    const entries: ConnectionEntry[] = [{ name: 'CLU-PROD', kind: 'cluster', transport: 'ssh', address: 'clu-prod' }];
    const first = new Answers(table);
    await service(entries, first, memory).refreshAll();
    assert.deepEqual(first.requests, [['clu-prod'], ['PROD-N2']]);
    assert.deepEqual(saved, { 'clu-prod': ['PROD-N1', 'PROD-N2'] });
    const reloaded = new Answers(table);
    const s = service(entries, reloaded, memory);
    await s.refreshAll();
    assert.deepEqual(reloaded.requests, [['PROD-N1', 'PROD-N2']], 'one round, no contact');
    assert.deepEqual(rows(buildInventoryTree(s.snapshot())), [
      'CLU-PROD [cluster · 2/2 nodes up]',
      '  PROD-N1 [Up]',
      '  PROD-N2 [Up]',
    ]);
    saved = { 'clu-prod': ['OLD-N1'] };
    const stale = new Answers(table);
    const again = service(entries, stale, memory);
    await again.refreshAll();
    assert.deepEqual(stale.requests, [['OLD-N1'], ['clu-prod'], ['PROD-N2']]);
    assert.deepEqual(saved, { 'clu-prod': ['PROD-N1', 'PROD-N2'] });
    assert.deepEqual(
      rows(buildInventoryTree(again.snapshot())),
      ['CLU-PROD [cluster · 2/2 nodes up]', '  PROD-N1 [Up]', '  PROD-N2 [Up]'],
      'the node that is gone is not shown',
    );
  });

  it('remembered names that are not host names are never dialled', async () => {
    const runner = new Answers(new Map());
    const s = service([{ name: 'CLU', kind: 'cluster', transport: 'ssh' }], runner, {
      load: () => ({ clu: ['-oProxyCommand=x', 'GOOD-N1'] }),
      save: () => undefined,
    });
    await s.refreshAll();
    assert.deepEqual(runner.requests[0], ['GOOD-N1']);
  });

  it('while nothing has answered, no row is an expanded empty node: a loading node has no children and an id of its own', () => {
    const prod = cluster('CLU-PROD', [
      ['PROD-N1', 'Up'],
      ['PROD-N2', 'Up'],
    ]);
    const tree = buildInventoryTree({
      hosts: [
        {
          name: 'PROD-N1',
          load: { status: 'loaded', value: reported('PROD-N1', [vm('sql-01', 'PROD-N1')], {}, prod) },
          memberOf: 'CLU-PROD',
        },
        { name: 'PROD-N2', load: { status: 'loading' }, memberOf: 'CLU-PROD' },
        { name: 'HV-X', load: { status: 'loading' } },
      ],
      clusters: [{ name: 'CLU-PROD', load: { status: 'loaded', value: prod } }],
    });
    const loading = [...childrenOf(tree[0]!), tree[1]!].filter((n) => n.description?.includes('loading…'));
    assert.deepEqual(
      loading.map((n) => [n.id, childrenOf(n).length]),
      [
        ['node:clu-prod/prod-n2#loading', 0],
        ['host:hv-x#loading', 0],
      ],
    );
  });
});

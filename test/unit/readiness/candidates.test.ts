import * as assert from 'node:assert/strict';
import { hostsOfNodes, readinessCandidates } from '../../../src/core/readiness/candidates';
import { buildInventoryTree } from '../../../src/core/inventory/tree/buildTree';
import { cluster, inventory, vm } from '../core/fixtures';

describe('readiness: which hosts a check asks', () => {
  const c = cluster('CLU', [
    ['N1', 'Up'],
    ['N2', 'Paused'],
  ]);
  const input = {
    hosts: [
      { name: 'HV-A', load: { status: 'loaded' as const, value: inventory('HV-A', [vm('a', 'HV-A')]) } },
      {
        name: 'HV-B',
        load: {
          status: 'error' as const,
          error: {
            host: 'HV-B',
            script: 'get-inventory.ps1',
            kind: 'unreachable' as const,
            message: 'connection refused',
          },
        },
      },
      { name: 'N1', load: { status: 'loaded' as const, value: inventory('N1', [], c) } },
      { name: 'N2', load: { status: 'loaded' as const, value: inventory('N2', [], c) } },
    ],
    clusters: [
      { name: 'CLU', load: { status: 'loaded' as const, value: c } },
      {
        name: 'CLU-DR',
        load: {
          status: 'error' as const,
          error: { host: 'CLU-DR', script: 'get-inventory.ps1', kind: 'timeout' as const, message: 'timed out' },
        },
      },
    ],
  };

  it('offers every known host, unreachable ones included, and a cluster whose nodes are unknown by its name', () => {
    assert.deepEqual(
      readinessCandidates(input).map((x) => [x.name, x.description]),
      [
        ['HV-A', 'standalone host'],
        ['HV-B', 'not reachable: connection refused'],
        ['N1', 'node of CLU'],
        ['N2', 'node of CLU'],
        ['CLU-DR', 'cluster, not reachable: timed out'],
      ],
    );
  });

  it('a cluster in the tree stands for its nodes; hosts and nodes for themselves, each once', () => {
    const tree = buildInventoryTree(input);
    const clu = tree.find((n) => n.kind === 'cluster' && n.name === 'CLU')!;
    const a = tree.find((n) => n.kind === 'host' && n.name === 'HV-A')!;
    assert.deepEqual(hostsOfNodes([clu, a, clu]), ['N1', 'N2', 'HV-A']);
  });
});

import * as assert from 'node:assert/strict';
import { CredentialBroker, type PasswordPrompt } from '../../../src/app/connections/credentialBroker';
import { InventoryService } from '../../../src/app/inventory/inventoryService';
import type { CredentialSource } from '../../../src/app/connections/credentialBroker';
import type { ConnectionEntry } from '../../../src/core/connections/connectionEntry';
import type { HostInventory } from '../../../src/core/inventory/inventory';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import type { HostOperation } from '../../../src/contract/hostOperation';
import { buildInventoryTree } from '../../../src/core/inventory/tree/buildTree';
import type { ClusterTreeNode, TreeNode } from '../../../src/core/inventory/tree/treeNode';
import type { HostResult, HostRunner, HostTarget } from '../../../src/contract/hostRunner';
import { cluster, inventory, vm } from '../core/fixtures';
import { recordUnhandledRejections } from '../support/unhandled';

/** Answers by address; records what was dialled (address and whether a password went with it). */
class Runner implements HostRunner {
  readonly dialled: string[][] = [];
  fail: Error | undefined;
  constructor(private readonly answers: Map<string, HostInventory | 'refusedAuth'>) {}
  run<R>(_op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    this.dialled.push(targets.map((t) => t.connection.address ?? t.connection.name));
    if (this.fail) return Promise.reject(this.fail);
    return Promise.resolve(
      targets.map((t): HostResult<R> => {
        const a = this.answers.get(t.connection.address ?? t.connection.name);
        if (a === undefined || a === 'refusedAuth') {
          const kind = a === 'refusedAuth' ? 'authentication' : 'unreachable';
          return {
            host: t.connection.name,
            ok: false,
            durationMs: 1,
            error: { host: t.connection.name, script: 'get-inventory.ps1', kind, message: 'no' },
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

function service(entries: ConnectionEntry[], runner: Runner, credentials: CredentialSource): InventoryService {
  return new InventoryService({
    runner: () => runner,
    connections: () => entries,
    credentials,
    operation: getInventory,
    timeoutMs: () => 1000,
  });
}

const noPasswords: CredentialSource = {
  get: () => Promise.resolve(undefined),
  renew: () => Promise.resolve(undefined),
};
const east: ConnectionEntry = { name: 'HV-EAST', kind: 'host', transport: 'wsman', userName: 'LAB\\admin' };
const west: ConnectionEntry = { name: 'HV-WEST', kind: 'host', transport: 'ssh' };

function flat(nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...('children' in n ? flat(n.children as TreeNode[]) : [])]);
}

describe('inventory service: failures stay with their host', () => {
  it("a secret storage failure is that host's error; the others load and the refresh does not reject", async () => {
    const stop = recordUnhandledRejections();
    const runner = new Runner(
      new Map([
        ['HV-EAST', inventory('HV-EAST', [])],
        ['HV-WEST', inventory('HV-WEST', [vm('w', 'HV-WEST')])],
      ]),
    );
    const broken: CredentialSource = {
      get: () => Promise.reject(new Error('keyring locked')),
      renew: () => Promise.reject(new Error('keyring locked')),
    };
    const s = service([east, west], runner, broken);
    await s.refreshAll();
    await s.refreshHost('HV-EAST');
    assert.deepEqual(await stop(), []);
    const tree = buildInventoryTree(s.snapshot());
    assert.deepEqual(
      tree.map((n) => `${n.label}:${n.contextValue}`),
      ['HV-EAST:host.unreachable', 'HV-WEST:host.standalone'],
    );
    assert.match(
      tree[0]!.kind === 'host' ? (tree[0]!.error?.message ?? '') : '',
      /saved password could not be read: keyring locked/,
    );
    assert.deepEqual(runner.dialled, [['HV-WEST']], 'the host without its password is not dialled');
    await assert.rejects(s.targetFor('HV-EAST'), /keyring locked/);
  });

  it('an engine that fails the whole request gives every host an error, and the refresh does not reject', async () => {
    const stop = recordUnhandledRejections();
    const runner = new Runner(new Map());
    runner.fail = new Error('pwsh not found');
    const s = service([west], runner, noPasswords);
    await Promise.all([s.refreshAll(), s.refreshAll(), s.refreshHost('HV-WEST')]);
    assert.deepEqual(await stop(), []);
    const [node] = buildInventoryTree(s.snapshot());
    assert.equal(node?.contextValue, 'host.unreachable');
    assert.match(node?.kind === 'host' ? (node.error?.message ?? '') : '', /pwsh not found/);
  });
});

describe('inventory service: a dismissed password prompt', () => {
  function counting(answers: (string | undefined)[]): PasswordPrompt & { count: number } {
    const p = {
      count: 0,
      ask: () => {
        p.count++;
        return Promise.resolve(answers.shift());
      },
    };
    return p;
  }
  const secrets = () => {
    const m = new Map<string, string>();
    return {
      get: (k: string) => Promise.resolve(m.get(k)),
      store: (k: string, v: string) => Promise.resolve(void m.set(k, v)),
      delete: (k: string) => Promise.resolve(void m.delete(k)),
    };
  };

  it('is not shown again on automatic refreshes; the host shows why and is not dialled; Retry asks again', async () => {
    const prompt = counting([undefined, 'pw']);
    const runner = new Runner(new Map([['HV-EAST', inventory('HV-EAST', [vm('e', 'HV-EAST')])]]));
    const s = service([east], runner, new CredentialBroker(secrets(), prompt));
    for (let i = 0; i < 4; i++) await s.refreshAll();
    assert.equal(prompt.count, 1, 'asked once, not on every refresh');
    assert.deepEqual(runner.dialled, [], 'never dialled without the password');
    const [node] = buildInventoryTree(s.snapshot());
    assert.equal(node?.contextValue, 'host.unreachable');
    assert.match(
      node?.kind === 'host' ? (node.error?.message ?? '') : '',
      /password prompt was dismissed\. Use Retry on HV-EAST/,
    );
    await assert.rejects(s.targetFor('HV-EAST'), /prompt was dismissed/);

    await s.retryHost('HV-EAST');
    assert.equal(prompt.count, 2);
    assert.deepEqual(runner.dialled, [['HV-EAST']]);
    assert.equal(buildInventoryTree(s.snapshot())[0]?.contextValue, 'host.standalone');
  });

  it('a refused password is asked for once; dismissing that is remembered too', async () => {
    const prompt = counting(['wrong', undefined]);
    const runner = new Runner(new Map<string, HostInventory | 'refusedAuth'>([['HV-EAST', 'refusedAuth']]));
    const s = service([east], runner, new CredentialBroker(secrets(), prompt));
    for (let i = 0; i < 3; i++) await s.refreshAll();
    assert.equal(prompt.count, 2, 'the first prompt, and one after the host refused it');
    assert.deepEqual(runner.dialled, [['HV-EAST']], 'dialled once, with the typed password');
  });
});

describe('inventory service: node names reported by a cluster', () => {
  const bad = ['-oProxyCommand=touch /tmp/pwned', 'n2;rm -rf ~', '10.9.9.9', 'evil.example.com:2222', 'a b'];
  const clu = cluster('CLU', [['N1', 'Up'], ...bad.map((b): [string, 'Up'] => [b, 'Up'])]);

  it("dials only plain host names with the cluster's credentials; each other name is a clear error in the tree", async () => {
    const seen: string[] = [];
    const credentials: CredentialSource = {
      get: (_e, host) => {
        seen.push(host);
        return Promise.resolve({ userName: 'LAB\\admin', password: 'pw' });
      },
      renew: () => Promise.resolve(undefined),
    };
    const runner = new Runner(
      new Map([
        ['clu.lab', inventory('N1', [vm('v', 'N1')], clu)],
        ['N1', inventory('N1', [vm('v', 'N1')], clu)],
      ]),
    );
    const s = service(
      [{ name: 'CLU', kind: 'cluster', transport: 'wsman', address: 'clu.lab', userName: 'LAB\\admin' }],
      runner,
      credentials,
    );
    await s.refreshAll();
    await s.refreshAll();
    const dialled = runner.dialled.flat();
    for (const b of bad)
      assert.ok(!dialled.includes(b) && !seen.includes(b), `${b} is never dialled nor given the password`);
    assert.deepEqual(runner.dialled, [['clu.lab'], ['N1']]);
    const tree = buildInventoryTree(s.snapshot());
    const members = (tree[0] as ClusterTreeNode).children;
    for (const b of bad) {
      const m = members.find((n) => n.label === b);
      assert.ok(m && m.kind === 'clusterNode', `${b} shows under the cluster`);
      assert.match(m.description ?? '', /refused: not a host name/);
      assert.match(
        m.error?.message ?? '',
        /Cluster CLU reported a node named .*which is not a host name or FQDN.*it is not contacted/,
      );
    }
    assert.equal(flat(tree).filter((n) => n.kind === 'vm').length, 1);
    for (const b of bad) await assert.rejects(s.targetFor(b), /No configured connection reaches/);
  });
});

import * as assert from 'node:assert/strict';
import { buildInventoryTree } from '../../../src/core/inventory/tree/buildTree';
import { commandTargetOf } from '../../../src/core/inventory/tree/commandTarget';
import { childrenOf, type TreeNode } from '../../../src/core/inventory/tree/treeNode';
import { inventory, vm } from './fixtures';

describe('command target: what a command acts on, from the tree or the palette', () => {
  const [west] = buildInventoryTree({
    clusters: [],
    hosts: [
      {
        name: 'HV-WEST',
        load: {
          status: 'loaded',
          value: inventory('HV-WEST', [vm('web-01', 'HV-WEST'), vm('app-01', 'HV-WEST'), vm('sql-01', 'HV-WEST')]),
        },
      },
    ],
  }) as [TreeNode];
  const row = (label: string): TreeNode => childrenOf(west).find((n) => n.label === label)!;
  const [web, app, sql] = [row('web-01'), row('app-01'), row('sql-01')];
  const labels = (nodes: readonly TreeNode[]): string[] => nodes.map((n) => n.label);

  it('a row clicked inside the selection acts on the whole selection', () => {
    const target = commandTargetOf([app, [web, app]]);
    assert.equal(target.node, app);
    assert.deepEqual(labels(target.nodes), ['web-01', 'app-01']);
  });

  it('a row clicked outside the selection acts on that row alone', () => {
    assert.deepEqual(labels(commandTargetOf([sql, [web, app]]).nodes), ['sql-01']);
  });

  it('a row alone (an inline button, one row selected) acts on that row', () => {
    assert.deepEqual(labels(commandTargetOf([web]).nodes), ['web-01']);
  });

  it('from the palette, a keybinding or a link: no row, whatever the arguments, which stay available unchecked', () => {
    for (const args of [[], [undefined], ['setup-remoting'], [{ kind: 'vm' }], [{ id: 'x' }, ['y']]]) {
      const target = commandTargetOf(args);
      assert.equal(target.node, undefined, JSON.stringify(args));
      assert.deepEqual(target.nodes, [], JSON.stringify(args));
      assert.deepEqual(target.args, args);
    }
  });
});

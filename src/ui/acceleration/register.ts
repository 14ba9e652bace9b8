import * as vscode from 'vscode';
import type { AccelerationService } from '../../app/acceleration/accelerationService';
import { refKey, refOf, type AdapterEntry } from '../../core/acceleration/catalog';
import type { TreeNode } from '../../core/inventory/tree/treeNode';
import { registerCommand } from '../commands/registerCommand';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { AccelerationEditors } from './editorPanel';
import { pickVmThenAdapter, pickVmsAdapters } from './pickers';
import { quickActions, runQuickAction } from './quickActions';

export interface AccelerationUiDeps {
  readonly service: AccelerationService;
  readonly log: OutputLog;
  /** Every addressable adapter the inventory knows now. */
  readonly adapters: () => AdapterEntry[];
  /** Loads the inventory when nothing is known yet (the view was never shown). */
  readonly loadInventory: () => Promise<void>;
}

/** The tree's selection as adapters: adapter nodes as they are, VM nodes as all their adapters. */
function entriesOf(nodes: readonly TreeNode[], all: readonly AdapterEntry[]): AdapterEntry[] {
  const byKey = new Map(all.map((e) => [refKey(e.ref), e]));
  const out = new Map<string, AdapterEntry>();
  for (const n of nodes) {
    const adapters = n.kind === 'adapter' ? [n.adapter] : n.kind === 'vm' ? n.vm.adapters : [];
    const vm = n.kind === 'adapter' || n.kind === 'vm' ? n.vm : undefined;
    for (const a of adapters) {
      const ref = vm && refOf(vm, a);
      const e = ref && byKey.get(refKey(ref));
      if (e) out.set(refKey(e.ref), e);
    }
  }
  return [...out.values()];
}

/** The acceleration editor and quick actions; returns every disposable it created. */
export function register(context: vscode.ExtensionContext, deps: AccelerationUiDeps): vscode.Disposable[] {
  const editors = new AccelerationEditors({ service: deps.service, log: deps.log, extensionUri: context.extensionUri });

  const catalog = async (): Promise<AdapterEntry[] | undefined> => {
    let all = deps.adapters();
    if (all.length === 0) {
      await deps.loadInventory();
      all = deps.adapters();
    }
    if (all.length === 0) {
      await showCommandError(
        deps.log,
        'No network adapters to change: no configured host has reported any (see the Inventory view).',
      );
      return undefined;
    }
    return all;
  };

  const command = (id: string, what: string, run: (nodes: readonly TreeNode[]) => Promise<void>): vscode.Disposable =>
    registerCommand(deps.log, id, what, ({ nodes }) => run(nodes));

  return [
    editors,
    command('hypervMobility.editAdapterAcceleration', 'Edit Network Adapter Acceleration', async (chosen) => {
      const all = await catalog();
      if (!all) return;
      if (chosen.length) return editors.show(entriesOf(chosen, all));
      const one = await pickVmThenAdapter(all, 'Edit Network Adapter Acceleration');
      if (one) editors.show([one]);
    }),
    command('hypervMobility.editVmAcceleration', 'Edit Acceleration of VM Adapters', async (chosen) => {
      const all = await catalog();
      if (!all) return;
      const entries = chosen.length
        ? entriesOf(chosen, all)
        : await pickVmsAdapters(all, 'Edit Acceleration of VM Adapters');
      if (entries?.length) editors.show(entries);
    }),
    ...quickActions.map((action) =>
      command(action.command, action.title, async (chosen) => {
        const all = await catalog();
        if (!all) return;
        await runQuickAction({ service: deps.service, log: deps.log }, action, all, entriesOf(chosen, all));
      }),
    ),
  ];
}

import * as vscode from 'vscode';
import { formatBytes } from '../../core/format/units';
import { stateText } from '../../core/format/words';
import { nodeChoices } from '../../core/migration/drop';
import type { MoveDestination, VmRef } from '../../core/migration/model';
import { freeMemoryBytes, type MigrationTopology } from '../../core/migration/topology';
import type { HostInventory, VmInfo } from '../../core/inventory/inventory';
import { nameKey, sameName } from '../../core/names';

/**
 * Step-by-step choices for the palette: every list comes from the loaded inventory, across all hosts. Each step
 * ignores focus out: a person may click the tree or the Migrations panel to look something up without losing the
 * answers so far, and a webview that got the focus back after the palette closed (VS Code restores it
 * asynchronously, microsoft/vscode#75209) would otherwise dismiss a step the moment it opens.
 */

type Item<T> = vscode.QuickPickItem & { readonly value?: T };

export async function pickVm(
  topology: MigrationTopology,
  title: string,
  filter: (vm: VmInfo) => boolean = () => true,
): Promise<VmRef | undefined> {
  const items: Item<VmRef>[] = topology.hosts
    .flatMap((h) => h.vms.filter(filter).map((vm) => ({ vm, h })))
    .sort((a, b) => a.vm.name.localeCompare(b.vm.name, undefined, { sensitivity: 'base', numeric: true }))
    .map(({ vm, h }) => ({
      label: vm.name,
      description: `${h.host.name}${h.cluster ? ` (${h.cluster.name})` : ''} · ${stateText(vm.state)}`,
      value: { id: vm.id, name: vm.name, host: vm.host },
    }));
  if (items.length === 0) {
    void vscode.window.showWarningMessage(
      'No VM to choose: no configured host has reported one (see the Inventory view).',
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Type a VM name (VMs of every host)',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return pick?.value;
}

/** Hosts and cluster nodes a VM can move to (not its own host), grouped by cluster, most free memory first. */
export async function pickDestination(
  topology: MigrationTopology,
  vm: VmRef,
  title: string,
): Promise<MoveDestination | undefined> {
  const items: Item<MoveDestination>[] = [];
  const clusters = new Map<string, HostInventory>();
  for (const h of topology.hosts)
    if (h.cluster && !clusters.has(nameKey(h.cluster.name))) clusters.set(nameKey(h.cluster.name), h);
  for (const h of clusters.values()) {
    const cluster = h.cluster!.name;
    const nodes = nodeChoices(topology, cluster).filter((n) => !sameName(n.node, vm.host));
    if (!nodes.length) continue;
    items.push({ label: `Cluster ${cluster}`, kind: vscode.QuickPickItemKind.Separator });
    nodes.forEach((n, i) =>
      items.push({
        label: n.node,
        description: `node of ${cluster} · ${formatBytes(n.freeMemoryBytes)} free memory${i === 0 ? ' · the most' : ''}`,
        value: { type: 'clusterNode', cluster, node: n.node },
      }),
    );
  }
  const standalone = topology.hosts
    .filter((h) => !h.cluster && !sameName(h.host.name, vm.host))
    .sort((a, b) => freeMemoryBytes(b) - freeMemoryBytes(a));
  if (standalone.length) {
    items.push({ label: 'Standalone hosts', kind: vscode.QuickPickItemKind.Separator });
    for (const h of standalone)
      items.push({
        label: h.host.name,
        description: `standalone · ${formatBytes(freeMemoryBytes(h))} free memory`,
        value: { type: 'host', host: h.host.name },
      });
  }
  if (!items.some((i) => i.value)) {
    void vscode.window.showWarningMessage(`There is no other loaded host to move ${vm.name} to.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: `Move ${vm.name} (now on ${vm.host}) to…`,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return pick?.value;
}

export async function pickHost(
  topology: MigrationTopology,
  title: string,
  filter: (h: HostInventory) => boolean,
  describe: (h: HostInventory) => string,
): Promise<HostInventory | undefined> {
  const items: Item<HostInventory>[] = topology.hosts
    .filter(filter)
    .map((h) => ({ label: h.host.name, description: describe(h), value: h }));
  if (!items.length) {
    void vscode.window.showWarningMessage(`${title}: no loaded host qualifies.`);
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true }))?.value;
}

export async function pickOne<T>(
  title: string,
  choices: readonly { label: string; description?: string; detail?: string; value: T }[],
  placeHolder?: string,
): Promise<T | undefined> {
  const pick = await vscode.window.showQuickPick(
    choices.map((c) => ({ ...c })),
    { title, placeHolder, ignoreFocusOut: true },
  );
  return pick?.value;
}

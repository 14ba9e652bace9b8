import * as vscode from 'vscode';
import { stateText } from '../../core/format/words';
import type { MoveDestination, VmRef } from '../../core/migration/model';
import { rateCandidates, type PlacementRating } from '../../core/migration/rating/placementRating';
import { destinationCandidates } from '../../core/migration/rating/placementTarget';
import { findVm, type MigrationTopology } from '../../core/migration/topology';
import type { HostInventory, VmInfo } from '../../core/inventory/inventory';
import { pickRated } from './destinationPicker';

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

/** Rates the candidates for these VMs with the hosts' answers (PlacementService.rate). */
export type RateDestinations = (vms: readonly VmInfo[]) => Promise<readonly PlacementRating[]>;

/**
 * Hosts and cluster nodes a VM can move to (not its own host), each with its placement rating and top reasons, best
 * first; unsuitable ones at the bottom with the reason, refused when picked. Rated from the inventory at once, then
 * with one round to the hosts (the list is busy meanwhile).
 */
export async function pickDestination(
  topology: MigrationTopology,
  vm: VmRef,
  title: string,
  rate: RateDestinations,
): Promise<MoveDestination | undefined> {
  const known = findVm(topology, vm.id);
  const candidates = known ? destinationCandidates(topology, [known]) : [];
  if (!known || candidates.length === 0) {
    void vscode.window.showWarningMessage(`There is no other loaded host to move ${vm.name} to.`);
    return undefined;
  }
  const picked = await pickRated({
    title,
    placeHolder: `Move ${vm.name} (now on ${vm.host}) to… (best rated first)`,
    initial: rateCandidates({ topology }, [known], candidates),
    full: rate([known]),
  });
  if (!picked) return undefined;
  return picked.cluster
    ? { type: 'clusterNode', cluster: picked.cluster, node: picked.host }
    : { type: 'host', host: picked.host };
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

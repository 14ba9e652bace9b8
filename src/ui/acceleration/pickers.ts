import * as vscode from 'vscode';
import { refKey, type AdapterEntry } from '../../core/acceleration/catalog';
import { accelerationSummary } from '../../core/acceleration/accelerationText';
import { nameKey } from '../../core/names';

interface EntryItem extends vscode.QuickPickItem {
  readonly entry: AdapterEntry;
}

function entryItem(e: AdapterEntry, picked: boolean): EntryItem {
  return {
    label: `${e.ref.vmName} — ${e.ref.adapterName}`,
    description: `${e.ref.host} · ${e.adapter.switchName ?? 'not connected'}`,
    detail: accelerationSummary(e.adapter),
    picked,
    entry: e,
  };
}

/** Adapters across every host, many at once; undefined when cancelled. */
export async function pickAdapters(
  all: readonly AdapterEntry[],
  title: string,
  preselected: readonly AdapterEntry[] = [],
): Promise<AdapterEntry[] | undefined> {
  const chosen = new Set(preselected.map((e) => refKey(e.ref)));
  const picks = await vscode.window.showQuickPick(
    all.map((e) => entryItem(e, chosen.has(refKey(e.ref)))),
    {
      title,
      canPickMany: true,
      matchOnDescription: true,
      placeHolder: 'Choose network adapters (VM — adapter, host · switch)',
      ignoreFocusOut: true,
    },
  );
  return picks?.length ? picks.map((p) => p.entry) : undefined;
}

interface VmItem extends vscode.QuickPickItem {
  readonly entries: AdapterEntry[];
}

function vmItems(all: readonly AdapterEntry[]): VmItem[] {
  const byVm = new Map<string, AdapterEntry[]>();
  for (const e of all) {
    const k = `${nameKey(e.ref.host)}|${e.ref.vmId}`;
    byVm.set(k, [...(byVm.get(k) ?? []), e]);
  }
  return [...byVm.values()].map((entries) => {
    const first = entries[0]!;
    return {
      label: first.ref.vmName,
      description: `${first.ref.host} · ${first.vm.state} · ${entries.length} adapter${entries.length === 1 ? '' : 's'}`,
      entries,
    };
  });
}

/** A VM, then (when it has more than one) one of its adapters. */
export async function pickVmThenAdapter(
  all: readonly AdapterEntry[],
  title: string,
): Promise<AdapterEntry | undefined> {
  const vm = await vscode.window.showQuickPick(vmItems(all), {
    title: `${title} (1/2)`,
    matchOnDescription: true,
    placeHolder: 'Choose a VM',
    ignoreFocusOut: true,
  });
  if (!vm) return undefined;
  if (vm.entries.length === 1) return vm.entries[0];
  const adapter = await vscode.window.showQuickPick(
    vm.entries.map((e) => entryItem(e, false)),
    { title: `${title} (2/2)`, placeHolder: `Choose a network adapter of ${vm.label}`, ignoreFocusOut: true },
  );
  return adapter?.entry;
}

/** Many VMs: all their adapters. */
export async function pickVmsAdapters(
  all: readonly AdapterEntry[],
  title: string,
): Promise<AdapterEntry[] | undefined> {
  const vms = await vscode.window.showQuickPick(vmItems(all), {
    title,
    canPickMany: true,
    matchOnDescription: true,
    placeHolder: 'Choose VMs: all their network adapters',
    ignoreFocusOut: true,
  });
  return vms?.length ? vms.flatMap((v) => v.entries) : undefined;
}

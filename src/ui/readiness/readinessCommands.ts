import * as vscode from 'vscode';
import type { ReadinessService } from '../../app/readiness/readinessService';
import { hostsOfNodes, readinessCandidates } from '../../core/readiness/candidates';
import type { TreeInput } from '../../core/inventory/tree/buildTree';
import type { TreeNode } from '../../core/inventory/tree/treeNode';
import { registerCommand } from '../commands/registerCommand';
import type { OutputLog } from '../log/outputLog';
import { ReadinessPanel } from './readinessPanel';
import { sameName } from '../../core/names';

export interface ReadinessCommandDeps {
  readonly service: ReadinessService;
  readonly snapshot: () => TreeInput;
  /** Loads the inventory when nothing is known yet (the view was never shown). */
  readonly loadInventory: () => Promise<void>;
  readonly log: OutputLog;
  readonly extensionUri: vscode.Uri;
}

export const walkthroughId = 'hyperv-mobility.hyperv-mobility#gettingStarted';

/** The guides the walkthrough and the readiness report point to, shipped with the extension (docs/<name>.md). */
export const guides = [
  'setup-powershell',
  'setup-remoting',
  'setup-connections',
  'setup-live-migration',
  'first-move',
] as const;

/** "Check Host Readiness…" (palette, and the tree's hosts, nodes and clusters), "Get Started", and the guides. */
export function registerReadiness(deps: ReadinessCommandDeps): vscode.Disposable[] {
  const panel = new ReadinessPanel({ service: deps.service, log: deps.log, extensionUri: deps.extensionUri });
  return [
    panel,
    registerCommand(deps.log, 'hypervMobility.checkReadiness', 'Check Host Readiness', async ({ nodes }) => {
      const hosts = await chooseHosts(deps, nodes);
      if (hosts?.length) await panel.check(hosts);
    }),
    registerCommand(deps.log, 'hypervMobility.gettingStarted', 'Get Started', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, false),
    ),
    registerCommand(deps.log, 'hypervMobility.openGuide', 'Open Guide', async ({ args: [name] }) => {
      // The argument comes from a command link (a walkthrough step): only the shipped guides open.
      const guide = guides.find((g) => g === name) ?? 'setup-remoting';
      await vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.joinPath(deps.extensionUri, 'docs', `${guide}.md`),
      );
    }),
  ];
}

/**
 * From the tree: the selected hosts, nodes and clusters (a cluster stands for its nodes); one host alone is checked
 * with every other known host, since moves need a second one. From the palette: a pick of every known host.
 */
async function chooseHosts(deps: ReadinessCommandDeps, nodes: readonly TreeNode[]): Promise<string[] | undefined> {
  if (!deps.snapshot().hosts.length) await deps.loadInventory();
  const candidates = readinessCandidates(deps.snapshot());
  if (nodes.length) {
    const chosen = hostsOfNodes(nodes);
    if (chosen.length !== 1) return chosen;
    return [...chosen, ...candidates.map((c) => c.name).filter((n) => !sameName(n, chosen[0]))];
  }
  if (!candidates.length) {
    void vscode.window.showWarningMessage(
      'No Hyper-V host or cluster is configured yet: add one first (Hyper-V: Add Host… or Add Cluster…).',
    );
    return undefined;
  }
  const items = candidates.map((c) => ({ label: c.name, description: c.description, picked: true }));
  const picks = await vscode.window.showQuickPick(items, {
    title: 'Check Host Readiness',
    placeHolder: 'Hosts to check (each one, and every pair of them as source and destination)',
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picks?.map((p) => p.label);
}

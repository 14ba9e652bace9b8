import * as vscode from 'vscode';
import { AccelerationService } from './app/acceleration';
import { InventoryService } from './app/inventoryService';
import { LazyRunner } from './app/lazyRunner';
import { adapterCatalog } from './core/acceleration/catalog';
import { getInventory } from './core/operations/getInventory';
import { childrenOf, type TreeNode } from './core/tree/treeNode';
import { createPowerShellEngine } from './engine';
import { register as registerAcceleration } from './ui/acceleration/register';
import { ConnectionCommands } from './ui/connections/connectionCommands';
import { ConnectionSettings } from './ui/connections/connectionSettings';
import { AutoRefresh } from './ui/inventory/autoRefresh';
import { InventoryTreeProvider } from './ui/inventory/inventoryTreeProvider';
import { OutputLog, showCommandError } from './ui/log/outputLog';
import { PasswordStore } from './ui/secrets/passwordStore';

/** Composition root: builds the objects, hands them their dependencies, registers them. Nothing runs here. */
export function activate(context: vscode.ExtensionContext): void {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('hypervMobility');
  const log = new OutputLog(vscode.window.createOutputChannel('Hyper-V Mobility', { log: true }));
  const settings = new ConnectionSettings();
  const passwords = new PasswordStore(context.secrets);
  const timeoutMs = (): number => (config().get<number>('requestTimeoutSeconds') ?? 60) * 1000;
  const runner = new LazyRunner(() =>
    createPowerShellEngine({
      powershellPath: config().get<string>('powershellPath') || undefined,
      logger: log,
      // opening a session is part of a request: it may take as long as the request may
      openTimeoutMs: timeoutMs(),
    }),
  );
  const inventory = new InventoryService({
    runner: () => runner,
    connections: () => settings.entries(),
    credentials: passwords,
    operation: getInventory,
    timeoutMs,
  });
  const acceleration = new AccelerationService({
    runner: () => runner,
    timeoutMs,
    refresh: (hosts) => inventory.refreshHost(...hosts),
    target: (host) => inventory.targetFor(host),
  });
  const tree = new InventoryTreeProvider(inventory);
  const view = vscode.window.createTreeView('hypervMobility.inventory', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });

  const updateContext = (): void => {
    void vscode.commands.executeCommand('setContext', 'hypervMobility.hasConnections', settings.entries().length > 0);
    const problems = settings.read().problems;
    view.message = problems.length
      ? `Some entries of hypervMobility.hosts are ignored: ${problems.map((p) => `#${p.index + 1}${p.name ? ` (${p.name})` : ''}: ${p.message}`).join(' ')}`
      : undefined;
  };
  updateContext();

  context.subscriptions.push(
    log,
    tree,
    view,
    { dispose: () => inventory.dispose() },
    { dispose: () => void runner.dispose() },
    new AutoRefresh(view, () => config().get<number>('refreshIntervalSeconds') ?? 30, () => inventory.refreshAll()),
    ...new ConnectionCommands(settings, passwords, inventory).register(),
    ...registerAcceleration(context, {
      service: acceleration,
      log,
      adapters: () => adapterCatalog(inventory.snapshot()),
      loadInventory: () => inventory.refreshAll(),
    }),
    vscode.commands.registerCommand('hypervMobility.refresh', () => inventory.refreshAll()),
    vscode.commands.registerCommand('hypervMobility.refreshHost', (node?: TreeNode) => refreshNode(node)),
    vscode.commands.registerCommand('hypervMobility.retryHost', (node?: TreeNode) => refreshNode(node)),
    vscode.commands.registerCommand('hypervMobility.showLog', () => log.show()),
    vscode.commands.registerCommand('hypervMobility.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', 'hypervMobility'),
    ),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('hypervMobility.hosts')) {
        settings.invalidate();
        updateContext();
        inventory.prune();
        if (tree.allNodes().length > 0 || settings.entries().length > 0) await inventory.refreshAll();
      }
      if (e.affectsConfiguration('hypervMobility.powershellPath') || e.affectsConfiguration('hypervMobility.requestTimeoutSeconds')) {
        await runner.reset();
      }
    }),
  );

  async function refreshNode(node?: TreeNode): Promise<void> {
    if (!node) return inventory.refreshAll();
    try {
      if (node.kind === 'cluster') {
        await inventory.refreshHost(node.name, ...childrenOf(node).flatMap((n) => (n.kind === 'node' ? [n.name] : [])));
      } else if (node.kind === 'host' || node.kind === 'node' || node.kind === 'clusterError') {
        await inventory.refreshHost(node.name);
      }
    } catch (e) {
      await showCommandError(log, `Refresh failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

export function deactivate(): void {}

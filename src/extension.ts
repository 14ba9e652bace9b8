import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { AccelerationService } from './app/acceleration';
import { ConnectionSettings } from './app/connections/connectionSettings';
import { CredentialBroker } from './app/credentialBroker';
import { InventoryService } from './app/inventoryService';
import { LazyRunner } from './app/lazyRunner';
import { engineTimeouts } from './app/requestTimeout';
import { HostMigrationSettingsService, MaintenanceService, MigrationService, type DrainRecord } from './app/migration';
import { applySettingsChange } from './app/settingsChange';
import { ReadinessService } from './app/readiness/readinessService';
import { topologyOf, type MigrationTopology } from './core/migration/topology';
import { adapterCatalog } from './core/acceleration/catalog';
import { getInventory } from './core/operations/getInventory';
import { childrenOf, type TreeNode } from './core/tree/treeNode';
import { createPowerShellEngine } from './engine';
import type { HostTarget } from './contract/hostRunner';
import { register as registerAcceleration } from './ui/acceleration/register';
import { ConnectionCommands } from './ui/connections/connectionCommands';
import { vscodeHostsSetting } from './ui/connections/hostsSetting';
import { AutoRefresh } from './ui/inventory/autoRefresh';
import { InventoryTreeProvider } from './ui/inventory/inventoryTreeProvider';
import { OutputLog, showCommandError } from './ui/log/outputLog';
import { GlobalStateHistory } from './ui/migration/globalStateHistory';
import { globalStateNodeMemory } from './ui/inventory/globalStateNodeMemory';
import { registerMigrationUi } from './ui/migration/register';
import { inputBoxPasswordPrompt, secretStore } from './ui/secrets/vscodeSecrets';
import { registerReadiness } from './ui/readiness/readinessCommands';
import { errorMessage } from './contract/errorMessage';

/** Composition root: builds the objects, hands them their dependencies, registers them. Nothing runs here. */
export function activate(context: vscode.ExtensionContext): void {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('hypervMobility');
  const log = new OutputLog(vscode.window.createOutputChannel('Hyper-V Mobility', { log: true }));
  const settings = new ConnectionSettings(vscodeHostsSetting, (p) => fs.existsSync(p));
  const passwords = new CredentialBroker(secretStore(context.secrets), inputBoxPasswordPrompt);
  // The request timeout reaches every request through the engine's default (no service sets its own); a change of
  // the setting starts a new engine (applySettingsChange).
  const runner = new LazyRunner(() =>
    createPowerShellEngine({
      powershellPath: config().get<string>('powershellPath') || undefined,
      logger: log,
      ...engineTimeouts(config().get<number>('requestTimeoutSeconds')),
    }),
  );
  const inventory = new InventoryService({
    runner: () => runner,
    connections: () => settings.entries(),
    credentials: passwords,
    operation: getInventory,
    nodeMemory: globalStateNodeMemory(context.globalState),
  });
  const topology = (): MigrationTopology => topologyOf(inventory.snapshot());
  const target = (host: string): Promise<HostTarget> => inventory.targetFor(host);
  const acceleration = new AccelerationService({
    runner: () => runner,
    refresh: (hosts) => inventory.refreshHost(...hosts),
    target,
  });
  // The same id across reloads of this window: it carries on its own moves at once; other windows only watch them.
  const windowId = context.workspaceState.get<string>('hypervMobility.windowId') ?? randomUUID();
  void context.workspaceState.update('hypervMobility.windowId', windowId);
  const migrations = new MigrationService({ runner: () => runner, target, topology, history: new GlobalStateHistory(context.globalState), log, ownerId: windowId });
  const maintenance = new MaintenanceService({
    runner: () => runner,
    target,
    topology,
    migrations,
    history: new GlobalStateHistory<DrainRecord>(context.globalState, 'hypervMobility.drainHistory.v1'),
    log,
  });
  const migrationUi = registerMigrationUi({
    migrations,
    maintenance,
    settings: new HostMigrationSettingsService(() => runner, target),
    topology,
    loadInventory: () => inventory.refreshAll(),
    refreshHosts: (hosts) => inventory.refreshHost(...hosts),
    log,
    extensionUri: context.extensionUri,
  });
  const readiness = new ReadinessService({ runner: () => runner, target });
  const tree = new InventoryTreeProvider(inventory, migrationUi.overlay);
  const view = vscode.window.createTreeView('hypervMobility.inventory', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: migrationUi.dragAndDrop,
  });
  // Once the hosts have answered, moves still running on them (started before a reload, or elsewhere) are followed.
  let adopted = false;
  const adopt = inventory.onDidChange(() => {
    const hosts = topology().hosts.map((h) => h.host.name);
    if (adopted || hosts.length === 0) return;
    adopted = true;
    migrations.restore(hosts).catch((e: unknown) => log.error(`Following running migrations failed: ${errorMessage(e)}`));
    void maintenance.restore();
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
    ...migrationUi.disposables,
    adopt,
    { dispose: () => maintenance.dispose() },
    { dispose: () => migrations.dispose() },
    tree,
    view,
    { dispose: () => inventory.dispose() },
    { dispose: () => void runner.dispose() },
    new AutoRefresh(view, () => config().get<number>('refreshIntervalSeconds') ?? 30, () => inventory.refreshAll(), (m) => log.error(m)),
    ...new ConnectionCommands(settings, passwords, inventory, log).register(),
    ...registerReadiness({ service: readiness, snapshot: () => inventory.snapshot(), loadInventory: () => inventory.refreshAll(), log, extensionUri: context.extensionUri }),
    { dispose: () => readiness.dispose() },
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
    vscode.workspace.onDidChangeConfiguration((e) =>
      applySettingsChange((s) => e.affectsConfiguration(s), {
        reloadConnections: () => {
          settings.invalidate();
          updateContext();
          inventory.prune();
        },
        shouldRefresh: () => tree.allNodes().length > 0 || settings.entries().length > 0,
        refreshAll: () => inventory.refreshAll(),
        resetEngine: () => runner.reset(),
        reportError: (m) => log.error(m),
      }),
    ),
  );

  // An explicit refresh or Retry of a host may ask for its password again, even if the prompt was dismissed before.
  async function refreshNode(node?: TreeNode): Promise<void> {
    if (!node) return inventory.refreshAll();
    try {
      if (node.kind === 'cluster') {
        await inventory.retryHost(node.name, ...childrenOf(node).flatMap((n) => (n.kind === 'node' ? [n.name] : [])));
      } else if (node.kind === 'host' || node.kind === 'node' || node.kind === 'clusterError') {
        await inventory.retryHost(node.name);
      }
    } catch (e) {
      await showCommandError(log, `Refresh failed: ${errorMessage(e)}`);
    }
  }
}

export function deactivate(): void {}

import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { AccelerationService } from './app/acceleration/accelerationService';
import { ConnectionSettings } from './app/connections/connectionSettings';
import { CredentialBroker } from './app/connections/credentialBroker';
import { InventoryService } from './app/inventory/inventoryService';
import { LazyRunner } from './app/lazyRunner';
import { engineTimeouts } from './app/requestTimeout';
import { HostMigrationSettingsService } from './app/migration/hostMigrationSettingsService';
import { MaintenanceService, type DrainRecord } from './app/migration/maintenanceService';
import { MigrationService } from './app/migration/migrationService';
import { PlacementService } from './app/migration/placementService';
import { applySettingsChange } from './app/settingsChange';
import { followRunningMovesOnce } from './app/migration/followRunningMoves';
import { ReadinessService } from './app/readiness/readinessService';
import { topologyOf, type MigrationTopology } from './core/migration/topology';
import { adapterCatalog } from './core/acceleration/catalog';
import { getInventory } from './core/inventory/operations/getInventory';
import { createPowerShellEngine } from './engine';
import type { HostTarget } from './contract/hostRunner';
import { register as registerAcceleration } from './ui/acceleration/register';
import { ConnectionCommands } from './ui/connections/connectionCommands';
import { vscodeHostsSetting } from './ui/connections/hostsSetting';
import { AutoRefresh } from './ui/inventory/autoRefresh';
import { InventoryTreeProvider } from './ui/inventory/inventoryTreeProvider';
import { registerInventoryCommands } from './ui/inventory/inventoryCommands';
import { showConnectionProblems } from './ui/inventory/connectionProblems';
import { registerProductCommands } from './ui/commands/productCommands';
import { OutputLog } from './ui/log/outputLog';
import { GlobalStateHistory } from './ui/migration/globalStateHistory';
import { globalStateNodeMemory } from './ui/inventory/globalStateNodeMemory';
import { registerMigrationUi, type MigrationUi } from './ui/migration/register';
import { inputBoxPasswordPrompt, secretStore } from './ui/secrets/vscodeSecrets';
import { registerReadiness } from './ui/readiness/readinessCommands';

type Config = () => vscode.WorkspaceConfiguration;

/** The services behind every view and command, on VS Code's storage and settings; nothing connects until asked. */
function createServices(context: vscode.ExtensionContext, log: OutputLog, config: Config) {
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
  // The same id across reloads of this window: it carries on its own moves at once; other windows only watch them.
  const windowId = context.workspaceState.get<string>('hypervMobility.windowId') ?? randomUUID();
  void context.workspaceState.update('hypervMobility.windowId', windowId);
  const migrations = new MigrationService({
    runner: () => runner,
    target,
    topology,
    history: new GlobalStateHistory(context.globalState),
    log,
    ownerId: windowId,
  });
  return {
    settings,
    passwords,
    runner,
    inventory,
    topology,
    migrations,
    maintenance: new MaintenanceService({
      runner: () => runner,
      target,
      topology,
      migrations,
      history: new GlobalStateHistory<DrainRecord>(context.globalState, 'hypervMobility.drainHistory.v1'),
      log,
    }),
    placement: new PlacementService({ runner: () => runner, target, topology }),
    hostSettings: new HostMigrationSettingsService(() => runner, target),
    acceleration: new AccelerationService({
      runner: () => runner,
      refresh: (hosts) => inventory.refreshHost(...hosts),
      target,
    }),
    readiness: new ReadinessService({ runner: () => runner, target }),
  };
}

/** Composition root: builds the objects, hands them their dependencies, registers them. Nothing runs here. */
export function activate(context: vscode.ExtensionContext): void {
  const config: Config = () => vscode.workspace.getConfiguration('hypervMobility');
  const log = new OutputLog(vscode.window.createOutputChannel('Hyper-V Mobility', { log: true }));
  const {
    settings,
    passwords,
    runner,
    inventory,
    topology,
    migrations,
    maintenance,
    placement,
    hostSettings,
    acceleration,
    readiness,
  } = createServices(context, log, config);
  const loadInventory = (): Promise<void> => inventory.refreshAll();
  const migrationUi = registerMigrationUi({
    migrations,
    maintenance,
    placement,
    settings: hostSettings,
    topology,
    loadInventory,
    refreshHosts: (hosts) => inventory.refreshHost(...hosts),
    log,
    extensionUri: context.extensionUri,
  });
  const { tree, view } = createInventoryView(inventory, migrationUi);
  const follow = followRunningMovesOnce({
    onInventory: (listener) => inventory.onDidChange(listener),
    hosts: () => topology().hosts.map((h) => h.host.name),
    restoreMigrations: (hosts) => migrations.restore(hosts),
    restoreMaintenance: () => maintenance.restore(),
    reportError: (m) => log.error(m),
  });
  showConnectionProblems(view, settings);

  context.subscriptions.push(
    log,
    ...migrationUi.disposables,
    follow,
    { dispose: () => maintenance.dispose() },
    { dispose: () => migrations.dispose() },
    tree,
    view,
    { dispose: () => inventory.dispose() },
    { dispose: () => void runner.dispose() },
    new AutoRefresh(
      view,
      () => config().get<number>('refreshIntervalSeconds') ?? 30,
      loadInventory,
      (m) => log.error(m),
    ),
    ...registerCommands(context, { settings, passwords, inventory, acceleration, readiness }, log, loadInventory),
    watchSettings({ settings, view, inventory, runner, log, loadInventory, shown: () => tree.allNodes().length > 0 }),
  );
}

/** The Inventory view: the tree of hosts and clusters, with the migration UI's overlay and drag and drop. */
function createInventoryView(inventory: InventoryService, migrationUi: MigrationUi) {
  const tree = new InventoryTreeProvider(inventory, migrationUi.overlay);
  const view = vscode.window.createTreeView('hypervMobility.inventory', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: migrationUi.dragAndDrop,
  });
  return { tree, view };
}

/** The commands (and panels) of connections, readiness, acceleration, the inventory and the product itself. */
function registerCommands(
  context: vscode.ExtensionContext,
  services: Pick<
    ReturnType<typeof createServices>,
    'settings' | 'passwords' | 'inventory' | 'acceleration' | 'readiness'
  >,
  log: OutputLog,
  loadInventory: () => Promise<void>,
): vscode.Disposable[] {
  const { settings, passwords, inventory, acceleration, readiness } = services;
  return [
    ...new ConnectionCommands(settings, passwords, inventory, log).register(),
    ...registerReadiness({
      service: readiness,
      snapshot: () => inventory.snapshot(),
      loadInventory,
      log,
      extensionUri: context.extensionUri,
    }),
    { dispose: () => readiness.dispose() },
    ...registerAcceleration(context, {
      service: acceleration,
      log,
      adapters: () => adapterCatalog(inventory.snapshot()),
      loadInventory,
    }),
    ...registerInventoryCommands(inventory, log),
    ...registerProductCommands(log),
  ];
}

/** Settings edited: the connection list read again (what belongs to removed entries forgotten), the engine reset. */
function watchSettings(d: {
  readonly settings: ConnectionSettings;
  readonly view: vscode.TreeView<unknown>;
  readonly inventory: InventoryService;
  readonly runner: LazyRunner;
  readonly log: OutputLog;
  readonly loadInventory: () => Promise<void>;
  readonly shown: () => boolean;
}): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) =>
    applySettingsChange((s) => e.affectsConfiguration(s), {
      reloadConnections: () => {
        d.settings.invalidate();
        showConnectionProblems(d.view, d.settings);
        d.inventory.prune();
      },
      shouldRefresh: () => d.shown() || d.settings.entries().length > 0,
      refreshAll: d.loadInventory,
      resetEngine: () => d.runner.reset(),
      reportError: (m) => d.log.error(m),
    }),
  );
}

export function deactivate(): void {}

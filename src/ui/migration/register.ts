import * as vscode from 'vscode';
import { BatchTracker } from '../../app/migration/batchTracker';
import { MigrationOverlay } from '../../app/migration/migrationOverlay';
import { maintenanceMovesRunning } from '../../core/migration/drainJudge';
import type { HostMigrationSettingsService } from '../../app/migration/hostMigrationSettingsService';
import type { MaintenanceService } from '../../app/migration/maintenanceService';
import type { MigrationService } from '../../app/migration/migrationService';
import type { PlacementService } from '../../app/migration/placementService';
import { migrationScript } from '../../core/migration/view/copyAsPowerShell';
import { finalDrainStatuses, isBeingMoved } from '../../core/migration/model';
import { moveSizes } from '../../core/migration/moveSize';
import { assumedThroughput, measuredThroughput } from '../../core/migration/downtime';
import { quickMigrationAfter } from '../../core/migration/fallbacks';
import { findVm } from '../../core/migration/topology';
import type { MigrationTopology } from '../../core/migration/topology';
import type { OutputLog } from '../log/outputLog';
import { InventoryDragAndDrop } from './dragAndDrop';
import { HostSettingsEditor } from './hostSettingsEditor';
import { MigrationCommands } from './migrationCommands';
import { MigrationsPanel, migrationsViewType } from './migrationsPanel';
import { MigrationStatus } from './migrationStatus';
import { confirmCancel, confirmClearFinished } from './confirmations';
import { MoveFlow } from './moveFlow';

export interface MigrationUiDeps {
  readonly migrations: MigrationService;
  readonly maintenance: MaintenanceService;
  readonly placement: PlacementService;
  readonly settings: HostMigrationSettingsService;
  readonly topology: () => MigrationTopology;
  readonly loadInventory: () => Promise<void>;
  readonly refreshHosts: (hosts: readonly string[]) => Promise<void>;
  readonly log: OutputLog;
  readonly extensionUri: vscode.Uri;
}

export interface MigrationUi {
  readonly disposables: vscode.Disposable[];
  /** For the Inventory view: drops of VMs onto hosts. */
  readonly dragAndDrop: InventoryDragAndDrop;
  /** For the Inventory view: "Migrating n %" on moving VMs. */
  readonly overlay: MigrationOverlay;
}

/** The migration UI: panel (and its serializer), drag and drop, quick actions, status bar, notifications. */
export function registerMigrationUi(deps: MigrationUiDeps): MigrationUi {
  const { migrations, maintenance, log } = deps;
  const panel = createMigrationsPanel(deps);
  // Asked for (the command, a notification's "Show"): the panel takes the focus. Shown by the product when a move or
  // a drain starts: the keyboard stays where the user left it.
  const showMigrations = (): void => panel.show({ preserveFocus: false });
  const revealMigrations = (): void => panel.show({ preserveFocus: true });
  const settingsEditor = new HostSettingsEditor({
    service: deps.settings,
    log,
    refreshHost: (host) => deps.refreshHosts([host]),
  });
  const batches = new BatchTracker((id) => migrations.whenDone(id));
  const flow = createMoveFlow(deps, batches, settingsEditor, revealMigrations);
  const commands = new MigrationCommands({
    migrations,
    maintenance,
    placement: deps.placement,
    flow,
    topology: deps.topology,
    loadInventory: deps.loadInventory,
    refreshHosts: deps.refreshHosts,
    showMigrations,
    revealMigrations,
    openHostSettings: (host) => settingsEditor.open(host),
    log,
    whenDone: (id) => migrations.whenDone(id),
  });
  const overlay = new MigrationOverlay(
    () => migrations.jobs(),
    (l) => migrations.onDidChange(l),
  );
  const busy = (vmId: string): boolean => isBeingMoved(migrations.jobs(), vmId);
  const dragAndDrop = new InventoryDragAndDrop({
    topology: deps.topology,
    rate: (vms, candidates) => deps.placement.rate(vms, candidates),
    busy,
    log,
    move: (requests, refused) => flow.run(requests, refused),
  });
  const drainEnds = announceDrainEnds(maintenance, commands);
  // History comes from globalState (no host is asked): the panel restored after a reload has it at once.
  void migrations.loadHistory();
  return {
    dragAndDrop,
    overlay,
    disposables: [
      panel,
      vscode.window.registerWebviewPanelSerializer(migrationsViewType, panel),
      createMigrationStatus(deps, batches, showMigrations, flow),
      ...commands.register(),
      { dispose: () => overlay.dispose() },
      drainEnds,
    ],
  };
}

/** From move requests to running migrations (drops, the palette, maintenance), with the settings editor's fix. */
function createMoveFlow(
  deps: MigrationUiDeps,
  batches: BatchTracker,
  settingsEditor: HostSettingsEditor,
  revealMigrations: () => void,
): MoveFlow {
  const { migrations, log } = deps;
  return new MoveFlow({
    batches,
    migrations,
    enableMigration: async (host) => (await settingsEditor.enableMigration(host)) !== undefined,
    topology: deps.topology,
    log,
    revealMigrations,
    onStarted: (job, confirmedAt) =>
      log.info(`Migration of ${job.vm.name} queued ${Date.now() - confirmedAt} ms after it was confirmed.`),
  });
}

/** The status bar item (the moves running, the drains' among them) and the notification at the end of a move. */
function createMigrationStatus(
  deps: MigrationUiDeps,
  batches: BatchTracker,
  showMigrations: () => void,
  flow: MoveFlow,
): MigrationStatus {
  const { migrations, maintenance, log } = deps;
  return new MigrationStatus({
    quickMigrationAfter: (job) => {
      const vm = findVm(deps.topology(), job.vm.id);
      const throughput = measuredThroughput(migrations.jobs()) ?? assumedThroughput;
      return quickMigrationAfter(job, vm?.memoryAssignedBytes || vm?.memoryStartupBytes || 0, throughput);
    },
    move: async (request) => void (await flow.run([request])),
    jobs: () => migrations.jobs(),
    onDidChange: (l) => migrations.onDidChange(l),
    showMigrations,
    refreshHosts: deps.refreshHosts,
    inBatch: (id) => batches.has(id),
    maintenanceMoves: () => maintenanceMovesRunning(maintenance.allDrains()),
    onMaintenanceChange: (l) => maintenance.onDidChangeDrain(() => l()),
    log,
  });
}

/** The Migrations panel over the jobs and drains, redrawn on any change of either; cancel and clear ask first. */
function createMigrationsPanel(deps: MigrationUiDeps): MigrationsPanel {
  const { migrations, maintenance, log } = deps;
  const onAnyChange = (listener: () => void): { dispose(): void } => {
    const subs = [
      migrations.onDidChange(listener),
      migrations.onDidClear(listener),
      maintenance.onDidChangeDrain(listener),
    ];
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  };
  return new MigrationsPanel({
    jobs: () => migrations.jobs(),
    onDidChange: onAnyChange,
    drains: () => maintenance.allDrains(),
    cancel: async (id) => {
      const job = migrations.job(id);
      if (job && (await confirmCancel(job))) await migrations.cancel(id);
    },
    copyAsPowerShell: async (id) => {
      const plan = migrations.job(id)?.plan;
      if (!plan) return;
      await vscode.env.clipboard.writeText(migrationScript(plan));
      void vscode.window.showInformationMessage('The migration script is on the clipboard.');
    },
    clearFinished: async () => {
      if (await confirmClearFinished(migrations.history().length)) await migrations.clearFinished();
    },
    queuePosition: (id) => migrations.queuePosition(id),
    sizes: (jobs) => moveSizes(jobs, deps.topology()),
    samples: (id) => migrations.progressSamples(id),
    log,
    extensionUri: deps.extensionUri,
  });
}

/** Tells the user once per end of each drain (the record changes often while it runs: rows, errors, a failback). */
function announceDrainEnds(maintenance: MaintenanceService, commands: MigrationCommands): vscode.Disposable {
  const told = new Set<string>();
  return maintenance.onDidChangeDrain((p) => {
    const key = `${p.id ?? p.node}:${p.status}:${p.endedAt ?? ''}`;
    if (!finalDrainStatuses.includes(p.status) || told.has(key)) return;
    told.add(key);
    void commands.drainEnded(p);
  });
}

import * as vscode from 'vscode';
import type { DrainProgress } from '../../core/migration/model';
import type { MaintenanceService } from '../../app/migration/maintenanceService';
import type { MigrationService } from '../../app/migration/migrationService';
import type { PlacementService } from '../../app/migration/placementService';
import { plural } from '../../core/format/words';
import { clusterNodeOf } from '../../core/inventory/hostIdentity';
import { activeMoveOf, isFinal, type VmRef } from '../../core/migration/model';
import type { MigrationTopology } from '../../core/migration/topology';
import type { TreeNode } from '../../core/inventory/tree/treeNode';
import { registerCommand } from '../commands/registerCommand';
import type { OutputLog } from '../log/outputLog';
import { confirmCancel, jobPhase } from './confirmations';
import { MaintenanceCommands } from './maintenanceCommands';
import type { MoveFlow } from './moveFlow';
import { MoveWizard } from './moveWizard';
import { pickHost, pickOne } from './pickers';

export interface MigrationCommandDeps {
  readonly migrations: MigrationService;
  readonly maintenance: MaintenanceService;
  readonly placement: PlacementService;
  readonly flow: MoveFlow;
  readonly topology: () => MigrationTopology;
  /** Loads the inventory when nothing is known yet (the view was never shown). */
  readonly loadInventory: () => Promise<void>;
  readonly refreshHosts: (hosts: readonly string[]) => Promise<void>;
  /** Shows the Migrations panel and focuses it (the user asked for it). */
  readonly showMigrations: () => void;
  /** Shows the Migrations panel without taking the keyboard focus (a drain started). */
  readonly revealMigrations: () => void;
  readonly openHostSettings: (host: string) => Promise<void>;
  readonly log: OutputLog;
  readonly whenDone: (jobId: string) => Promise<unknown>;
}

/**
 * The palette's quick actions, also on the tree's context menus (a tree node comes as the first argument): each asks
 * step by step what it lacks and works without the tree.
 */
export class MigrationCommands {
  private readonly wizard: MoveWizard;
  private readonly maintenance: MaintenanceCommands;

  constructor(private readonly deps: MigrationCommandDeps) {
    this.wizard = new MoveWizard({
      migrations: deps.migrations,
      flow: deps.flow,
      log: deps.log,
      rate: (vms) => deps.placement.rate(vms),
    });
    this.maintenance = new MaintenanceCommands({
      maintenance: deps.maintenance,
      placement: deps.placement,
      flow: deps.flow,
      topology: deps.topology,
      estate: () => this.estate(),
      refreshHosts: deps.refreshHosts,
      revealMigrations: deps.revealMigrations,
      log: deps.log,
      whenDone: deps.whenDone,
    });
  }

  register(): vscode.Disposable[] {
    const command = (id: string, what: string, run: (node: TreeNode | undefined) => Promise<void>): vscode.Disposable =>
      registerCommand(this.deps.log, id, what, ({ node }) => run(node));
    return [
      command('hypervMobility.moveVm', 'Move VM', (n) => this.moveVm(n)),
      command('hypervMobility.moveVmStorage', "Move VM's Storage", (n) => this.moveStorage(n)),
      command('hypervMobility.evacuateHost', 'Evacuate Host', (n) => this.evacuate(n)),
      command('hypervMobility.drainNode', 'Drain Cluster Node', (n) => this.drain(n)),
      command('hypervMobility.resumeNode', 'Resume Cluster Node', (n) => this.resume(n)),
      command('hypervMobility.cancelMigration', 'Cancel Migration', (n) => this.cancel(n)),
      command('hypervMobility.hostMigrationSettings', 'Migration Settings', (n) => this.hostSettings(n)),
      registerCommand(this.deps.log, 'hypervMobility.showMigrations', 'Show Migrations', () =>
        this.deps.showMigrations(),
      ),
    ];
  }

  private async estate(): Promise<MigrationTopology> {
    if (this.deps.topology().hosts.length === 0) await this.deps.loadInventory();
    return this.deps.topology();
  }

  private vmOf(node: TreeNode | undefined): VmRef | undefined {
    return node?.kind === 'vm' ? { id: node.vm.id, name: node.vm.name, host: node.vm.host } : undefined;
  }

  private async moveVm(node: TreeNode | undefined): Promise<void> {
    await this.wizard.moveVm(await this.estate(), this.vmOf(node));
  }

  private async moveStorage(node: TreeNode | undefined): Promise<void> {
    await this.wizard.moveStorage(await this.estate(), this.vmOf(node));
  }

  private async evacuate(node: TreeNode | undefined): Promise<void> {
    await this.maintenance.evacuate(node?.kind === 'host' ? node.name : undefined);
  }

  private async drain(node: TreeNode | undefined): Promise<void> {
    const t = await this.estate();
    const target =
      node?.kind === 'clusterNode'
        ? { cluster: node.cluster, node: node.name }
        : await this.pickNode(t, 'Drain Cluster Node', 'Up');
    if (target) await this.maintenance.drain(target);
  }

  /** Called for each drain update: at its end the cluster's nodes are read again and the user told. */
  drainEnded(p: DrainProgress): Promise<void> {
    return this.maintenance.drainEnded(p);
  }

  private async resume(node: TreeNode | undefined): Promise<void> {
    const t = await this.estate();
    const target =
      node?.kind === 'clusterNode'
        ? { cluster: node.cluster, node: node.name }
        : await this.pickNode(t, 'Resume Cluster Node', 'Paused');
    if (target) await this.maintenance.resume(target);
  }

  private async pickNode(
    t: MigrationTopology,
    title: string,
    state: 'Up' | 'Paused',
  ): Promise<{ cluster: string; node: string } | undefined> {
    const h = await pickHost(
      t,
      title,
      (x) => clusterNodeOf(x)?.state === state,
      (x) => {
        const roles = x.vms.filter((v) => v.isClustered).length;
        const others = x.vms.length - roles;
        return `node of ${x.cluster!.name} · ${plural(roles, 'role')}${others ? `, ${plural(others, 'other VM')}` : ''}`;
      },
    );
    return h?.cluster ? { cluster: h.cluster.name, node: h.host.name } : undefined;
  }

  private async cancel(node: TreeNode | undefined): Promise<void> {
    const running = this.deps.migrations.jobs().filter((j) => !isFinal(j.status));
    const job =
      node?.kind === 'vm'
        ? activeMoveOf(running, node.vm.id)
        : await pickOne(
            'Cancel Migration',
            running.map((j) => ({
              label: j.vm.name,
              description: `${j.sourceHost} → ${j.destinationHost} · ${jobPhase(j)}`,
              value: j,
            })),
          );
    if (!job) {
      if (node) void vscode.window.showInformationMessage('No migration of this VM is running.');
      else if (!running.length) void vscode.window.showInformationMessage('No migration is running.');
      return;
    }
    if (await confirmCancel(job)) await this.deps.migrations.cancel(job.id);
  }

  private async hostSettings(node: TreeNode | undefined): Promise<void> {
    const host =
      node?.kind === 'host' || node?.kind === 'clusterNode'
        ? node.name
        : (
            await pickHost(
              await this.estate(),
              'Migration Settings',
              () => true,
              (h) => (h.cluster ? `node of ${h.cluster.name}` : 'standalone'),
            )
          )?.host.name;
    if (host) await this.deps.openHostSettings(host);
  }
}

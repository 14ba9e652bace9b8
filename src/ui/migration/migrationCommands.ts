import * as vscode from 'vscode';
import type { DrainProgress, MaintenanceService, MigrationService, MoveRequest, StoragePlacement } from '../../app/migration';
import { drainScript, resumeScript } from '../../core/migration/copyAsPowerShell';
import { isFinal, type MoveDestination, type VmRef } from '../../core/migration/model';
import { clusterNodeOf } from '../../core/model/hostIdentity';
import { isMovableState } from '../../core/migration/rules';
import { clusterFolder, clusterNodeName, findHost, findVm, sameName, type MigrationTopology } from '../../core/migration/topology';
import { folderName, isFullPath, join } from '../../core/migration/windowsPath';
import type { FailbackType } from '../../core/migration/operations/clusterNode';
import { isTreeNode, type TreeNode } from '../../core/tree/treeNode';
import { showCommandError, type OutputLog } from '../log/outputLog';
import type { MoveFlow } from './moveFlow';
import { pickDestination, pickHost, pickOne, pickVm } from './pickers';

export interface MigrationCommandDeps {
  readonly migrations: MigrationService;
  readonly maintenance: MaintenanceService;
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
}

/**
 * The palette's quick actions, also on the tree's context menus (a tree node comes as the first argument): each asks
 * step by step what it lacks and works without the tree.
 */
export class MigrationCommands {
  constructor(private readonly deps: MigrationCommandDeps) {}

  register(): vscode.Disposable[] {
    const command = (id: string, what: string, run: (node: TreeNode | undefined) => Promise<void>): vscode.Disposable =>
      vscode.commands.registerCommand(id, async (node?: unknown) => {
        try {
          await run(isTreeNode(node) ? node : undefined);
        } catch (e) {
          await showCommandError(this.deps.log, `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    return [
      command('hypervMobility.moveVm', 'Move VM', (n) => this.moveVm(n)),
      command('hypervMobility.moveVmStorage', 'Move VM Storage', (n) => this.moveStorage(n)),
      command('hypervMobility.evacuateHost', 'Evacuate Host', (n) => this.evacuate(n)),
      command('hypervMobility.drainNode', 'Drain Cluster Node', (n) => this.drain(n)),
      command('hypervMobility.resumeNode', 'Resume Cluster Node', (n) => this.resume(n)),
      command('hypervMobility.cancelMigration', 'Cancel Migration', (n) => this.cancel(n)),
      command('hypervMobility.hostMigrationSettings', 'Migration Settings', (n) => this.hostSettings(n)),
      vscode.commands.registerCommand('hypervMobility.showMigrations', () => this.deps.showMigrations()),
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
    const t = await this.estate();
    const vm = this.vmOf(node) ?? (await pickVm(t, 'Move VM', (v) => isMovableState(v.state)));
    if (!vm) return;
    const destination = await pickDestination(t, vm, `Move ${vm.name}`);
    if (!destination) return;
    const storage = await this.askStorage(t, vm, destination);
    if (storage === 'cancelled') return;
    await this.deps.flow.run([{ vm, destination, storage }]);
  }

  /** Where the files go on a move to another host; nothing to ask within a cluster (they stay on its storage). */
  private async askStorage(t: MigrationTopology, vm: VmRef, d: MoveDestination): Promise<StoragePlacement | undefined | 'cancelled'> {
    const source = findHost(t, vm.host);
    const known = findVm(t, vm.id);
    const destHost = d.type === 'clusterNode' ? d.node : d.type === 'host' ? d.host : vm.host;
    const destCluster = findHost(t, destHost)?.cluster?.name;
    if (known?.isClustered && destCluster && source?.cluster && sameName(source.cluster.name, destCluster)) return undefined;
    type Choice = 'default' | 'folder' | 'shared';
    const choice = await pickOne<Choice>(`Move ${vm.name}: where do its files go?`, [
      destCluster
        ? { label: `Into a folder on ${destCluster}'s cluster storage…`, description: 'a cluster role keeps its files on a CSV or SMB 3.0 share', value: 'folder' }
        : { label: `Into ${destHost}'s default folders`, description: 'its virtual machine and virtual hard disk paths', value: 'default' },
      ...(destCluster ? [] : [{ label: 'Into one folder…', description: 'a local path or an SMB 3.0 share on the destination', value: 'folder' as const }]),
      { label: 'Leave them where they are', description: 'only when they are on an SMB 3.0 share the destination reaches', value: 'shared' },
    ]);
    if (!choice) return 'cancelled';
    if (choice === 'default') return { mode: 'hostDefault' };
    if (choice === 'shared') return { mode: 'shared' };
    const base = destCluster ? clusterFolder(t, destCluster) : (findHost(t, destHost)?.host.virtualMachinePath ?? 'D:\\Hyper-V');
    const path = await askFolder(`Folder for ${vm.name}'s files on ${destHost}`, join(base, folderName(vm.name)));
    return path === undefined ? 'cancelled' : { mode: 'folder', path };
  }

  private async moveStorage(node: TreeNode | undefined): Promise<void> {
    const t = await this.estate();
    const vm = this.vmOf(node) ?? (await pickVm(t, 'Move VM Storage', (v) => isMovableState(v.state)));
    if (!vm) return;
    const current = findVm(t, vm.id);
    const path = await askFolder(
      `Move ${vm.name}'s storage on ${vm.host} to…`,
      current?.path ?? '',
      'Every file of the VM (configuration, checkpoints, smart paging, disks) goes into this folder, while it runs. A local path or an SMB 3.0 share (\\\\server\\share\\folder).',
    );
    if (path === undefined) return;
    await this.deps.flow.run([{ vm, destination: { type: 'sameHost' }, storage: { mode: 'folder', path } }]);
  }

  private async evacuate(node: TreeNode | undefined): Promise<void> {
    const t = await this.estate();
    const source =
      (node?.kind === 'host' ? findHost(t, node.name) : undefined) ??
      (await pickHost(t, 'Evacuate Host', (h) => !h.cluster, (h) => `${h.vms.filter((v) => v.state === 'Running').length} running VMs`));
    if (!source) return;
    if (source.cluster) {
      void vscode.window.showWarningMessage(`${source.host.name} is a node of ${source.cluster.name}: drain it instead.`);
      return;
    }
    const others = t.hosts.filter((h) => !h.cluster && !sameName(h.host.name, source.host.name));
    if (!others.length) {
      void vscode.window.showWarningMessage(`There is no other standalone host to evacuate ${source.host.name} to.`);
      return;
    }
    const picks = await vscode.window.showQuickPick(
      others.map((h) => ({ label: h.host.name, picked: true })),
      { title: `Evacuate ${source.host.name}: spread its running VMs over`, canPickMany: true, placeHolder: 'Destinations (each VM goes where the most memory is free)' },
    );
    if (!picks?.length) return;
    const requests: MoveRequest[] = this.deps.maintenance.planEvacuation(source.host.name, picks.map((p) => p.label));
    if (!requests.length) {
      void vscode.window.showInformationMessage(`${source.host.name} has no running VM to move.`);
      return;
    }
    await this.deps.flow.run(requests);
  }

  private async drain(node: TreeNode | undefined): Promise<void> {
    const t = await this.estate();
    const target = node?.kind === 'node' ? { cluster: node.cluster, node: node.name } : await this.pickNode(t, 'Drain Cluster Node', 'Up');
    if (!target) return;
    const roles = findHost(t, target.node)?.vms.filter((v) => v.isClustered).length ?? 0;
    const copy = 'Copy as PowerShell';
    for (;;) {
      const choice = await vscode.window.showWarningMessage(
        `Drain ${target.node}?`,
        { modal: true, detail: `Its ${roles} clustered role${roles === 1 ? '' : 's'} move to the other nodes of ${target.cluster} (running VMs by live migration), then the node is paused for maintenance.` },
        'Drain Node',
        copy,
      );
      if (choice === copy) {
        await vscode.env.clipboard.writeText(drainScript(clusterNodeName(t, target.node)));
        continue;
      }
      if (choice !== 'Drain Node') return;
      break;
    }
    // Its end (paused or failed) comes through the maintenance service's drain events: see drainEnded.
    await this.deps.maintenance.drain(target.cluster, target.node);
    this.deps.revealMigrations();
  }

  /** Called for each drain update: at its end the cluster's nodes are read again and the user told. */
  async drainEnded(p: DrainProgress): Promise<void> {
    const nodes = findHost(this.deps.topology(), p.node)?.cluster?.nodes.map((n) => n.name) ?? [p.node];
    await this.deps.refreshHosts(nodes);
    if (p.status === 'paused') void vscode.window.showInformationMessage(`${p.node} is drained and paused.`);
    else if (p.status === 'failed') await showCommandError(this.deps.log, `The drain of ${p.node} failed (${p.drainStatus ?? 'no status'})${p.error ? `: ${p.error}` : ''}.`);
    else if (p.status === 'resumed') void vscode.window.showInformationMessage(`${p.node} was resumed before its drain finished.`);
  }

  private async resume(node: TreeNode | undefined): Promise<void> {
    const t = await this.estate();
    const target = node?.kind === 'node' ? { cluster: node.cluster, node: node.name } : await this.pickNode(t, 'Resume Cluster Node', 'Paused');
    if (!target) return;
    const failback = await pickOne<FailbackType | 'copy'>(`Resume ${target.node}`, [
      { label: 'Do not fail roles back', description: 'NoFailback', value: 'NoFailback' },
      { label: 'Fail roles back now', description: 'Immediate', value: 'Immediate' },
      { label: "Fail back by each role's policy", description: 'Policy', value: 'Policy' },
      { label: 'Copy as PowerShell', description: 'Resume-ClusterNode, without failback', value: 'copy' },
    ]);
    if (!failback) return;
    if (failback === 'copy') {
      await vscode.env.clipboard.writeText(resumeScript(clusterNodeName(t, target.node), 'NoFailback'));
      return;
    }
    const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Resuming ${target.node}…` }, () =>
      this.deps.maintenance.resume(target.node, failback),
    );
    await this.deps.refreshHosts(findHost(t, target.node)?.cluster?.nodes.map((n) => n.name) ?? [target.node]);
    void vscode.window.showInformationMessage(`${info.name} is ${info.state}.`);
  }

  private async pickNode(t: MigrationTopology, title: string, state: 'Up' | 'Paused'): Promise<{ cluster: string; node: string } | undefined> {
    const h = await pickHost(
      t,
      title,
      (x) => clusterNodeOf(x)?.state === state,
      (x) => `node of ${x.cluster!.name} · ${x.vms.filter((v) => v.isClustered).length} roles`,
    );
    return h?.cluster ? { cluster: h.cluster.name, node: h.host.name } : undefined;
  }

  private async cancel(node: TreeNode | undefined): Promise<void> {
    const running = this.deps.migrations.jobs().filter((j) => !isFinal(j.status));
    const job =
      node?.kind === 'vm'
        ? running.find((j) => j.vm.id.toLowerCase() === node.vm.id.toLowerCase())
        : await pickOne('Cancel Migration', running.map((j) => ({ label: j.vm.name, description: `${j.sourceHost} → ${j.destinationHost} · ${j.status} ${j.percent} %`, value: j })));
    if (!job) {
      if (node) void vscode.window.showInformationMessage('No migration of this VM is running.');
      else if (!running.length) void vscode.window.showInformationMessage('No migration is running.');
      return;
    }
    await this.deps.migrations.cancel(job.id);
  }

  private async hostSettings(node: TreeNode | undefined): Promise<void> {
    const host =
      node?.kind === 'host' || node?.kind === 'node'
        ? node.name
        : (await pickHost(await this.estate(), 'Migration Settings', () => true, (h) => (h.cluster ? `node of ${h.cluster.name}` : 'standalone')))?.host.name;
    if (host) await this.deps.openHostSettings(host);
  }
}

async function askFolder(title: string, value: string, prompt?: string): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title,
    prompt: prompt ?? 'A full path on the host: C:\\… or \\\\server\\share\\…',
    value,
    ignoreFocusOut: true,
    validateInput: (s) => (isFullPath(s.trim()) ? undefined : 'Enter a full path on the host: C:\\… or \\\\server\\share\\….'),
  });
  return v?.trim();
}


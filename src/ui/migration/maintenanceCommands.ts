import * as vscode from 'vscode';
import type { DrainProgress } from '../../core/migration/model';
import type { MaintenanceService } from '../../app/migration/maintenanceService';
import type { PlacementService } from '../../app/migration/placementService';
import type { BatchLeft } from '../../core/migration/view/batchSummary';
import { drainScript, resumeScript } from '../../core/migration/view/copyAsPowerShell';
import { nodeChoices } from '../../core/migration/drop';
import { listText, plural, stateText } from '../../core/format/words';
import type { FailbackType } from '../../core/migration/operations/clusterNode';
import { isMovableState } from '../../core/migration/rules';
import { clusterNodeName, clusterNodes, findHost, type MigrationTopology } from '../../core/migration/topology';
import type { VmInfo } from '../../core/inventory/inventory';
import { showCommandError, type OutputLog } from '../log/outputLog';
import type { MoveFlow } from './moveFlow';
import { pickHost, pickOne } from './pickers';
import { planRatedEvacuation } from './ratedEvacuation';
import { nameKey, sameName } from '../../core/names';

export interface MaintenanceCommandDeps {
  readonly maintenance: MaintenanceService;
  readonly placement: PlacementService;
  readonly flow: MoveFlow;
  readonly topology: () => MigrationTopology;
  readonly estate: () => Promise<MigrationTopology>;
  readonly refreshHosts: (hosts: readonly string[]) => Promise<void>;
  readonly revealMigrations: () => void;
  readonly log: OutputLog;
  readonly whenDone: (jobId: string) => Promise<unknown>;
}

/**
 * Evacuate Host, Drain and Resume Cluster Node: each says everything that is on the host first (roles and VMs that
 * are not roles, whatever their state), lets the user move what a drain would leave behind, and at the end says what
 * still runs there.
 */
export class MaintenanceCommands {
  /** Per node: the moves of the VMs that are not roles, started beside its drain; its end waits for them. */
  private readonly beside = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: MaintenanceCommandDeps) {}

  async evacuate(hostName: string | undefined): Promise<void> {
    const t = await this.deps.estate();
    const source =
      (hostName ? findHost(t, hostName) : undefined) ??
      (await pickHost(
        t,
        'Evacuate Host',
        (h) => !h.cluster,
        (h) => `${plural(h.vms.length, 'VM')}, ${h.vms.filter((v) => v.state === 'Running').length} running`,
      ));
    if (!source) return;
    if (source.cluster) {
      void vscode.window.showWarningMessage(
        `${source.host.name} is a node of ${source.cluster.name}: drain it instead.`,
      );
      return;
    }
    const others = t.hosts.filter((h) => !h.cluster && !sameName(h.host.name, source.host.name));
    if (!others.length) {
      void vscode.window.showWarningMessage(`There is no other standalone host to evacuate ${source.host.name} to.`);
      return;
    }
    for (;;) {
      const vms = await this.pickVms(source.vms, `Evacuate ${source.host.name}: which VMs move?`);
      if (!vms) return;
      if (!vms.chosen.length) {
        void vscode.window.showInformationMessage(`No VM of ${source.host.name} was chosen; nothing moves.`);
        return;
      }
      const picks = await vscode.window.showQuickPick(
        others.map((h) => ({ label: h.host.name, picked: true })),
        {
          title: `Evacuate ${source.host.name}: spread ${plural(vms.chosen.length, 'VM')} over`,
          canPickMany: true,
          placeHolder: 'Destinations (each VM goes to the best-rated one, given what the others take)',
          ignoreFocusOut: true,
        },
      );
      if (!picks?.length) continue;
      const { requests, refused } = await planRatedEvacuation(
        this.deps,
        source.host.name,
        picks.map((p) => p.label),
        vms.chosen,
      );
      const outcome = await this.deps.flow.run(requests, refused, {
        title: `Evacuation of ${source.host.name}`,
        left: vms.left,
      });
      if (!outcome.cancelled) return;
    }
  }

  /** Every VM of the host with its state; the movable ones picked. Undefined: Escape. */
  private async pickVms(
    all: readonly VmInfo[],
    title: string,
  ): Promise<{ chosen: VmInfo[]; left: BatchLeft[] } | undefined> {
    const candidates = all.filter((v) => !v.isClustered);
    const items = candidates.map((v) => ({
      label: v.name,
      description: `${stateText(v.state)}${isMovableState(v.state) ? '' : ' · cannot move until it settles'}`,
      picked: isMovableState(v.state),
      vm: v,
    }));
    const picks = await vscode.window.showQuickPick(items, {
      title,
      canPickMany: true,
      placeHolder: 'Running, off, saved and paused VMs can move; clear those that stay',
      ignoreFocusOut: true,
    });
    if (!picks) return undefined;
    const chosen = picks.map((p) => p.vm).filter((v) => isMovableState(v.state));
    const ids = new Set(chosen.map((v) => v.id));
    const left = candidates
      .filter((v) => !ids.has(v.id))
      .map((v) => ({
        vm: v.name,
        host: v.host,
        reason: isMovableState(v.state) ? 'chosen to stay' : `${stateText(v.state)}`,
      }));
    return { chosen, left };
  }

  async drain(target: { cluster: string; node: string }): Promise<void> {
    const t = this.deps.topology();
    const vms = findHost(t, target.node)?.vms ?? [];
    const others = vms.filter((v) => !v.isClustered);
    const copy = 'Copy as PowerShell';
    const { moveToo, drainOnly, detail } = drainQuestion(
      target,
      vms.filter((v) => v.isClustered),
      others,
    );
    for (;;) {
      const buttons = others.length ? [moveToo, drainOnly, copy] : [drainOnly, copy];
      const choice = await vscode.window.showWarningMessage(
        `Drain ${target.node}?`,
        { modal: true, detail },
        ...buttons,
      );
      if (choice === copy) {
        await vscode.env.clipboard.writeText(drainScript(clusterNodeName(t, target.node)));
        continue;
      }
      if (choice === undefined) return;
      if (choice === moveToo && !(await this.moveBeside(t, target, others))) continue;
      break;
    }
    // Its end (paused or failed) comes through the maintenance service's drain events: see drainEnded.
    await this.deps.maintenance.drain(target.cluster, target.node);
    this.deps.revealMigrations();
  }

  /**
   * Moves the VMs that are not roles to the cluster's other nodes, beside the drain; its end waits for them. False
   * when nothing was started and the drain question is asked again.
   */
  private async moveBeside(
    t: MigrationTopology,
    target: { cluster: string; node: string },
    others: readonly VmInfo[],
  ): Promise<boolean> {
    const nodes = nodeChoices(t, target.cluster)
      .filter((n) => !sameName(n.node, target.node))
      .map((n) => n.node);
    if (!nodes.length) {
      // A node not loaded yet is not a node that is down: say which it is.
      const loading = clusterNodes(t, target.cluster).some((n) => !sameName(n, target.node) && !findHost(t, n));
      void vscode.window.showWarningMessage(
        loading
          ? `The other nodes of ${target.cluster} are still loading; try again when the tree shows them.`
          : `No other node of ${target.cluster} is Up to take ${listText(others.map((v) => v.name))}.`,
      );
      return false;
    }
    const movable = others.filter((v) => isMovableState(v.state));
    const left = others
      .filter((v) => !isMovableState(v.state))
      .map((v) => ({ vm: v.name, host: v.host, reason: stateText(v.state) }));
    const { requests, refused } = await planRatedEvacuation(this.deps, target.node, nodes, movable);
    const outcome = await this.deps.flow.run(requests, refused, {
      title: `VMs beside the drain of ${target.node}`,
      left,
    });
    if (outcome.cancelled) return false;
    this.beside.set(nameKey(target.node), Promise.allSettled(outcome.jobs.map((j) => this.deps.whenDone(j.id))));
    return true;
  }

  /** Called for each drain update: at its end the cluster's nodes are read again and the user told what is left. */
  async drainEnded(p: DrainProgress): Promise<void> {
    // What is left on the node is told once the VMs moved beside the drain have ended too.
    const beside = this.beside.get(nameKey(p.node));
    if (beside && p.status !== 'resumed') {
      await beside;
      this.beside.delete(nameKey(p.node));
    }
    const nodes = findHost(this.deps.topology(), p.node)?.cluster?.nodes.map((n) => n.name) ?? [p.node];
    await this.deps.refreshHosts(nodes);
    const still = (findHost(this.deps.topology(), p.node)?.vms ?? []).filter((v) => v.state !== 'Off');
    const left = still.length
      ? ` Still on it: ${listText(still.map((v) => `${v.name} (${stateText(v.state)})`))}.`
      : ' Nothing runs on it any more.';
    if (p.status === 'paused') void vscode.window.showInformationMessage(`${p.node} is drained and paused.${left}`);
    else if (p.status === 'failed')
      await showCommandError(
        this.deps.log,
        `The drain of ${p.node} failed (${p.drainStatus ?? 'no status'})${p.error ? `: ${p.error}` : ''}.${left}`,
      );
    else if (
      p.status === 'resumed' &&
      p.endedAt &&
      p.moves?.some((m) => m.destination && sameName(m.destination, p.node) && m.status !== 'waiting')
    )
      void vscode.window.showInformationMessage(
        `${p.node} is up; its roles failed back (${p.moves.filter((m) => m.status === 'moved').length} of ${p.moves.length} moved).`,
      );
    else if (p.status === 'resumed' && p.drainStatus === 'InProgress')
      void vscode.window.showInformationMessage(`${p.node} was resumed before its drain finished.`);
  }

  async resume(target: { cluster: string; node: string }): Promise<void> {
    const failback = await pickOne<FailbackType | 'copy'>(`Resume ${target.node}`, [
      { label: 'Do not fail roles back', description: 'NoFailback', value: 'NoFailback' },
      {
        label: 'Fail roles back now',
        description: 'Immediate: each role this node had comes back, followed in the Migrations panel',
        value: 'Immediate',
      },
      { label: "Fail back by each role's policy", description: 'Policy', value: 'Policy' },
      { label: 'Copy as PowerShell', description: 'Resume-ClusterNode, without failback', value: 'copy' },
    ]);
    if (!failback) return;
    if (failback === 'copy') {
      await vscode.env.clipboard.writeText(
        resumeScript(clusterNodeName(this.deps.topology(), target.node), 'NoFailback'),
      );
      return;
    }
    const info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Resuming ${target.node}…` },
      () => this.deps.maintenance.resume(target.node, failback),
    );
    this.deps.revealMigrations();
    await this.deps.refreshHosts(
      findHost(this.deps.topology(), target.node)?.cluster?.nodes.map((n) => n.name) ?? [target.node],
    );
    // Short enough for one toast line; the panel, just revealed, shows each role coming back.
    void vscode.window.showInformationMessage(
      `${info.name} is ${stateText(info.state).toLowerCase()}${failback === 'Immediate' ? '; its roles are failing back.' : '.'}`,
    );
  }
}

/** The drain's question: what moves, what a drain leaves behind, and the buttons' names. */
function drainQuestion(
  target: { cluster: string; node: string },
  roles: readonly VmInfo[],
  others: readonly VmInfo[],
): { moveToo: string; drainOnly: string; detail: string } {
  const moveToo = `Drain and Move ${others.length === 1 ? 'the Other VM' : `the ${others.length} Other VMs`}`;
  const drainOnly = others.length ? 'Drain, Leave Them' : 'Drain Node';
  const detail = [
    `${plural(roles.length, 'clustered role')} move to the other nodes of ${target.cluster} (running VMs by live migration), then the node is paused for maintenance.`,
    ...(roles.length
      ? [
          `Roles: ${listText(
            roles.map((v) => v.name),
            8,
          )}.`,
        ]
      : []),
    ...(others.length
      ? [
          '',
          `Not cluster roles, so a drain leaves ${others.length === 1 ? 'it' : 'them'} on ${target.node}: ${listText(
            others.map((v) => `${v.name} (${stateText(v.state)})`),
            8,
          )}.`,
          `"${moveToo}" moves ${others.length === 1 ? 'it' : 'them'} to other nodes too (shared-nothing, ${others.length === 1 ? 'it stays a VM' : 'they stay VMs'} outside the cluster), after a confirmation of ${others.length === 1 ? 'that move' : 'those moves'}.`,
        ]
      : []),
  ].join('\n');
  return { moveToo, drainOnly, detail };
}

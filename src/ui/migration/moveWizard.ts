import type { MigrationService } from '../../app/migration/migrationService';
import type { StoragePlacement } from '../../core/migration/model';
import type { MoveDestination, MoveRequest, VmRef } from '../../core/migration/model';
import { filesStayReachable, isMovableState } from '../../core/migration/rules';
import { clusterFolder, findHost, findVm, type MigrationTopology } from '../../core/migration/topology';
import { folderName, join, samePath } from '../../core/windowsPath';
import { askFolder } from './askFolder';
import type { MoveFlow } from './moveFlow';
import { pickDestination, pickOne, pickVm, type RateDestinations } from './pickers';
import { sameName } from '../../core/names';

export interface MoveWizardDeps {
  readonly migrations: MigrationService;
  readonly flow: MoveFlow;
  /** Placement ratings of the destinations, with one round to the hosts. */
  readonly rate: RateDestinations;
}

type Step = 'vm' | 'destination' | 'storage' | 'folder' | 'confirm';

/**
 * The palette's Move VM and Move VM's Storage: step by step, where Escape (or a step that fails: a refused plan, a
 * closed confirmation) goes back one step instead of out, and every option offered can work. A refusal is shown in
 * the step it concerns, not in a toast that cuts it off.
 */
export class MoveWizard {
  constructor(private readonly deps: MoveWizardDeps) {}

  async moveVm(t: MigrationTopology, given: VmRef | undefined): Promise<void> {
    let vm = given;
    let destination: MoveDestination | undefined;
    let choice: 'default' | 'folder' | 'shared' | 'none' | undefined;
    let folder: string | undefined;
    let problem: string | undefined;
    let step: Step = vm ? 'destination' : 'vm';
    for (;;) {
      switch (step) {
        case 'vm':
          vm = await pickVm(t, 'Move VM', (v) => isMovableState(v.state));
          if (!vm) return;
          step = 'destination';
          break;
        case 'destination':
          destination = await pickDestination(t, vm!, `Move ${vm!.name}`, this.deps.rate);
          if (!destination) {
            if (given) return;
            step = 'vm';
            break;
          }
          choice = undefined;
          problem = undefined;
          step = 'storage';
          break;
        case 'storage':
          choice = await this.askStorage(t, vm!, destination!, problem);
          if (!choice) {
            step = 'destination';
            break;
          }
          step = choice === 'folder' ? 'folder' : 'confirm';
          break;
        case 'folder': {
          const suggestion = folder ?? this.suggestFolder(t, vm!, destination!);
          folder = await askFolder({
            title: `Folder for ${vm!.name}'s files on ${hostOf(vm!, destination!)}`,
            value: suggestion,
            refused: problem && folder ? { path: folder, problem } : undefined,
          });
          step = folder === undefined ? 'storage' : 'confirm';
          break;
        }
        case 'confirm': {
          const request: MoveRequest = { vm: vm!, destination: destination!, storage: placementOf(choice, folder) };
          const tried = await this.tryMove(request);
          if (tried.started) return;
          problem = tried.problem;
          step = choice === 'folder' ? 'folder' : choice === 'none' ? 'destination' : 'storage';
          break;
        }
      }
    }
  }

  /** Plans the move and, when it can be planned, confirms and starts it; else why not (undefined: closed). */
  private async tryMove(request: MoveRequest): Promise<{ started: true } | { started: false; problem?: string }> {
    const planned = this.deps.migrations.plan(request);
    if (!planned.ok) return { started: false, problem: planned.problems.map((p) => p.message).join(' ') };
    const outcome = await this.deps.flow.run([request], [], { quietRefusal: true });
    if (!outcome.cancelled && !outcome.refused) return { started: true };
    return { started: false, problem: outcome.refused };
  }

  async moveStorage(t: MigrationTopology, given: VmRef | undefined): Promise<void> {
    let vm = given;
    let path: string | undefined;
    let problem: string | undefined;
    let step: 'vm' | 'folder' | 'confirm' = vm ? 'folder' : 'vm';
    for (;;) {
      if (step === 'vm') {
        vm = await pickVm(t, "Move VM's Storage", (v) => isMovableState(v.state));
        if (!vm) return;
        path = undefined;
        step = 'folder';
      } else if (step === 'folder') {
        const current = findVm(t, vm!.id)?.path;
        const base = findHost(t, vm!.host)?.host.virtualMachinePath;
        // Never the folder the files are in now: moving there changes nothing.
        const suggested =
          base && !(current && samePath(join(base, folderName(vm!.name)), current))
            ? join(base, folderName(vm!.name))
            : '';
        path = await askFolder({
          title: `Move ${vm!.name}'s storage on ${vm!.host} to…`,
          value: path ?? suggested,
          prompt: `Every file of the VM (configuration, checkpoints, smart paging, disks) goes into this folder, while it runs. A local path or an SMB 3.0 share (\\\\server\\share\\folder).${current ? ` Now: ${current}` : ''}`,
          refused: problem && path ? { path, problem } : undefined,
          current,
        });
        if (path === undefined) {
          if (given) return;
          step = 'vm';
        } else step = 'confirm';
      } else {
        const outcome = await this.deps.flow.run(
          [{ vm: vm!, destination: { type: 'sameHost' }, storage: { mode: 'folder', path: path! } }],
          [],
          { quietRefusal: true },
        );
        if (!outcome.cancelled && !outcome.refused) return;
        problem = outcome.refused;
        step = 'folder';
      }
    }
  }

  /** Where the files go on a move to another host; only the options that can work. Undefined: Escape. */
  private async askStorage(
    t: MigrationTopology,
    vm: VmRef,
    d: MoveDestination,
    problem: string | undefined,
  ): Promise<'default' | 'folder' | 'shared' | 'none' | undefined> {
    const source = findHost(t, vm.host);
    const known = findVm(t, vm.id);
    const destHost = hostOf(vm, d);
    const destCluster = findHost(t, destHost)?.cluster?.name;
    // Within its cluster a role's files stay on the cluster's storage: nothing to ask.
    if (known?.isClustered && destCluster && source?.cluster && sameName(source.cluster.name, destCluster))
      return 'none';
    const shared = known !== undefined && filesStayReachable(known, vm.host, destHost, t);
    type Choice = 'default' | 'folder' | 'shared';
    return pickOne<Choice>(
      `Move ${vm.name}: where do its files go?`,
      [
        ...(shared
          ? [
              {
                label: 'Leave them where they are',
                description: `${destHost} reaches them there (no disk is copied)`,
                value: 'shared' as const,
              },
            ]
          : []),
        destCluster
          ? {
              label: `Into a folder on ${destCluster}'s cluster storage…`,
              description: 'a cluster role keeps its files on a CSV or SMB 3.0 share',
              value: 'folder',
            }
          : {
              label: `Into ${destHost}'s default folders`,
              description: 'its virtual machine and virtual hard disk paths',
              value: 'default',
            },
        ...(destCluster
          ? []
          : [
              {
                label: 'Into one folder…',
                description: 'a local path or an SMB 3.0 share on the destination',
                value: 'folder' as const,
              },
            ]),
      ],
      problem ? `✖ ${problem}` : undefined,
    );
  }

  private suggestFolder(t: MigrationTopology, vm: VmRef, d: MoveDestination): string {
    const destHost = hostOf(vm, d);
    const destCluster = findHost(t, destHost)?.cluster?.name;
    const base = destCluster
      ? clusterFolder(t, destCluster)
      : (findHost(t, destHost)?.host.virtualMachinePath ?? 'D:\\Hyper-V');
    return join(base, folderName(vm.name));
  }
}

function hostOf(vm: VmRef, d: MoveDestination): string {
  return d.type === 'clusterNode' ? d.node : d.type === 'host' ? d.host : vm.host;
}

/** Where the files go for the storage step's choice (none: a role within its cluster, nothing to say). */
function placementOf(
  choice: 'default' | 'folder' | 'shared' | 'none' | undefined,
  folder: string | undefined,
): StoragePlacement | undefined {
  return choice === 'default'
    ? { mode: 'hostDefault' }
    : choice === 'shared'
      ? { mode: 'shared' }
      : choice === 'folder'
        ? { mode: 'folder', path: folder! }
        : undefined;
}

import type { MigrationService } from '../../app/migration/migrationService';
import type { StoragePlacement } from '../../core/migration/model';
import type { MoveDestination, MoveRequest, VmRef } from '../../core/migration/model';
import { filesStayReachable, isMovableState } from '../../core/migration/rules';
import { clusterFolder, findHost, findVm, type MigrationTopology } from '../../core/migration/topology';
import { folderName, join, samePath } from '../../core/windowsPath';
import { askFolder, askFolderOr, type FolderOrOther } from './askFolder';
import { perDiskPlacement, perDiskItems, type FolderAnswers } from '../../core/migration/perDiskPlan';
import { askFoldersPerDisk, DestinationVolumes, perDiskQuestionOf } from './perDiskSteps';
import type { OutputLog } from '../log/outputLog';
import type { MoveFlow } from './moveFlow';
import { pickDestination, pickOne, pickVm, type RateDestinations } from './pickers';
import { sameName } from '../../core/names';

export interface MoveWizardDeps {
  readonly migrations: MigrationService;
  readonly flow: MoveFlow;
  readonly log: OutputLog;
  /** Placement ratings of the destinations, with one round to the hosts. */
  readonly rate: RateDestinations;
}

type Step = 'vm' | 'destination' | 'storage' | 'folder' | 'perDisk' | 'confirm';

/** Where the files go on a move to another host (none: a role within its cluster, nothing to ask). */
type StorageChoice = 'default' | 'folder' | 'perDisk' | 'shared' | 'none';

/** The per-disk answers of one wizard run, and the destination volumes read for them. */
interface PerDiskState {
  answers: FolderAnswers;
  readonly volumes: DestinationVolumes;
}

const perDiskLabel = 'Choose a folder for each disk…';

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
    let choice: StorageChoice | undefined;
    let folder: string | undefined;
    let problem: string | undefined;
    const perDisk: PerDiskState = { answers: {}, volumes: new DestinationVolumes(this.deps.migrations, this.deps.log) };
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
          perDisk.answers = {};
          step = 'storage';
          break;
        case 'storage':
          choice = await this.askStorage(t, vm!, destination!, problem);
          step = !choice ? 'destination' : choice === 'folder' || choice === 'perDisk' ? choice : 'confirm';
          break;
        case 'folder':
          folder = await askFolder({
            title: `Folder for ${vm!.name}'s files on ${hostOf(vm!, destination!)}`,
            value: folder ?? this.suggestFolder(t, vm!, destination!),
            refused: problem && folder ? { path: folder, problem } : undefined,
          });
          step = folder === undefined ? 'storage' : 'confirm';
          break;
        case 'perDisk':
          step = (await this.askPerDisk(t, vm!, hostOf(vm!, destination!), perDisk, problem)) ? 'confirm' : 'storage';
          break;
        case 'confirm': {
          const storage = this.placementOf(t, vm!, choice, folder, perDisk.answers, false);
          const tried = await this.tryMove({ vm: vm!, destination: destination!, storage });
          if (tried.started) return;
          problem = tried.problem;
          step = choice === 'folder' || choice === 'perDisk' ? choice : choice === 'none' ? 'destination' : 'storage';
          break;
        }
      }
    }
  }

  /**
   * The per-disk steps for a VM going to (or staying on) `host`; true when answered (the answers kept in `state`),
   * false on Escape (nothing of that round kept).
   */
  private async askPerDisk(
    t: MigrationTopology,
    vm: VmRef,
    host: string,
    state: PerDiskState,
    problem: string | undefined,
  ): Promise<boolean> {
    const sameHost = sameName(host, vm.host);
    const title = sameHost ? `Move ${vm.name}'s storage on ${host}` : `Move ${vm.name} to ${host}`;
    const q = perDiskQuestionOf(t, vm, host, await state.volumes.of(host), {
      title,
      sameHost,
      answers: state.answers,
      problem,
    });
    if (!q) return false;
    const answers = await askFoldersPerDisk(q);
    if (!answers) return false;
    state.answers = answers;
    return true;
  }

  /** Where the files go for the storage step's choice (none: a role within its cluster, nothing to say). */
  private placementOf(
    t: MigrationTopology,
    vm: VmRef,
    choice: StorageChoice | undefined,
    folder: string | undefined,
    answers: FolderAnswers,
    sameHost: boolean,
  ): StoragePlacement | undefined {
    if (choice === 'perDisk') {
      const known = findVm(t, vm.id);
      return perDiskPlacement(known ? perDiskItems(known) : [], answers, sameHost);
    }
    return placementOf(choice, folder);
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
    let perDiskChosen = false;
    const perDisk: PerDiskState = { answers: {}, volumes: new DestinationVolumes(this.deps.migrations, this.deps.log) };
    let step: 'vm' | 'folder' | 'perDisk' | 'confirm' = vm ? 'folder' : 'vm';
    for (;;) {
      if (step === 'vm') {
        vm = await pickVm(t, "Move VM's Storage", (v) => isMovableState(v.state));
        if (!vm) return;
        path = undefined;
        perDisk.answers = {};
        step = 'folder';
      } else if (step === 'folder') {
        const answer = await this.askStorageFolder(t, vm!, path, perDiskChosen ? undefined : problem);
        if (answer === undefined) {
          if (given) return;
          step = 'vm';
        } else if ('other' in answer) {
          step = 'perDisk';
        } else {
          path = answer.folder;
          perDiskChosen = false;
          step = 'confirm';
        }
      } else if (step === 'perDisk') {
        const answered = await this.askPerDisk(t, vm!, vm!.host, perDisk, perDiskChosen ? problem : undefined);
        perDiskChosen = answered;
        if (!answered) problem = undefined;
        step = answered ? 'confirm' : 'folder';
      } else {
        const storage: StoragePlacement = perDiskChosen
          ? this.placementOf(t, vm!, 'perDisk', undefined, perDisk.answers, true)!
          : { mode: 'folder', path: path! };
        const outcome = await this.deps.flow.run([{ vm: vm!, destination: { type: 'sameHost' }, storage }], [], {
          quietRefusal: true,
        });
        if (!outcome.cancelled && !outcome.refused) return;
        problem = outcome.refused;
        step = perDiskChosen ? 'perDisk' : 'folder';
      }
    }
  }

  /** The storage move's one folder, or (the title bar's button) the choice of a folder for each disk. */
  private askStorageFolder(
    t: MigrationTopology,
    vm: VmRef,
    path: string | undefined,
    problem: string | undefined,
  ): Promise<FolderOrOther | undefined> {
    const current = findVm(t, vm.id)?.path;
    const base = findHost(t, vm.host)?.host.virtualMachinePath;
    // Never the folder the files are in now: moving there changes nothing.
    const suggested =
      base && !(current && samePath(join(base, folderName(vm.name)), current)) ? join(base, folderName(vm.name)) : '';
    return askFolderOr(
      {
        title: `Move ${vm.name}'s storage on ${vm.host} to…`,
        value: path ?? suggested,
        prompt: `Every file of the VM (configuration, checkpoints, smart paging, disks) goes into this folder, while it runs. A local path or an SMB 3.0 share (\\\\server\\share\\folder). The button above chooses a folder for each disk instead.${current ? ` Now: ${current}` : ''}`,
        refused: problem && path ? { path, problem } : undefined,
        current,
      },
      { tooltip: perDiskLabel, icon: 'list-tree' },
    );
  }

  /** Where the files go on a move to another host; only the options that can work. Undefined: Escape. */
  private async askStorage(
    t: MigrationTopology,
    vm: VmRef,
    d: MoveDestination,
    problem: string | undefined,
  ): Promise<StorageChoice | undefined> {
    const source = findHost(t, vm.host);
    const known = findVm(t, vm.id);
    const destHost = hostOf(vm, d);
    const destCluster = findHost(t, destHost)?.cluster?.name;
    // Within its cluster a role's files stay on the cluster's storage: nothing to ask.
    if (known?.isClustered && destCluster && source?.cluster && sameName(source.cluster.name, destCluster))
      return 'none';
    const shared = known !== undefined && filesStayReachable(known, vm.host, destHost, t);
    type Choice = Exclude<StorageChoice, 'none'>;
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
        {
          label: perDiskLabel,
          description: `each disk, and the configuration, to its own folder on ${destHost}`,
          value: 'perDisk',
        },
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
function placementOf(choice: StorageChoice | undefined, folder: string | undefined): StoragePlacement | undefined {
  return choice === 'default'
    ? { mode: 'hostDefault' }
    : choice === 'shared'
      ? { mode: 'shared' }
      : choice === 'folder'
        ? { mode: 'folder', path: folder! }
        : undefined;
}

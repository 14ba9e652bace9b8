import * as vscode from 'vscode';
import type { MigrationService } from '../../app/migration/migrationService';
import type { VmRef } from '../../core/migration/model';
import type { HostVolumes } from '../../core/migration/operations/readVolumes';
import { clusterFolder, findHost, findVm, type MigrationTopology } from '../../core/migration/topology';
import {
  folderSuggestions,
  perDiskItems,
  roomFor,
  type FolderAnswers,
  type PerDiskItem,
  type VolumeSpace,
} from '../../core/migration/perDiskPlan';
import { folderChoiceText, itemText } from '../../core/migration/view/folderChoice';
import { folderName, join, samePath } from '../../core/windowsPath';
import { errorMessage } from '../../contract/errorMessage';
import type { OutputLog } from '../log/outputLog';
import { pickStep, runSteps } from '../quickInput/steps';

/** "Choose a folder for each disk": one step per disk and one for the configuration, with Back between them. */
export interface PerDiskQuestion {
  /** The wizard's title, e.g. "Move web-01 to HV-WEST"; each step adds what it asks about. */
  readonly title: string;
  /** The host the folders are on. */
  readonly host: string;
  readonly items: readonly PerDiskItem[];
  /** The destination's default folders: for disks and for the configuration. */
  readonly defaults: { readonly disk?: string; readonly configuration?: string };
  /** The destination's volumes and their free space; undefined when they could not be read. */
  readonly volumes?: readonly VolumeSpace[];
  /** A storage move on the VM's own host: an item left in its folder stays there. */
  readonly sameHost: boolean;
  /** The answers to start from (what was chosen before, when the user comes back). */
  readonly answers: FolderAnswers;
  /** Why the last choice was refused (shown in the first step). */
  readonly problem?: string;
}

type FolderItem = vscode.QuickPickItem & { readonly folder: string; readonly refusal?: string };

/** Asks a folder per item; the answers, or undefined on Escape (nothing of this round is kept). */
export async function askFoldersPerDisk(q: PerDiskQuestion): Promise<FolderAnswers | undefined> {
  const answers: Record<string, string> = { ...q.answers };
  const steps = q.items.map((item, i) =>
    pickStep<Record<string, string>, FolderItem>({
      title: () => `${q.title}: ${itemText(item)}`,
      placeholder:
        i === 0 && q.problem
          ? `✖ ${q.problem}`
          : `A folder on ${q.host} for ${item.kind === 'disk' ? item.name : `the ${item.name} files`}: pick one or type a full path`,
      items: (a) => folderSuggestions(item, q.items, a, q.defaults).map((f) => choice(q, a, item, f)),
      // A folder typed as it is suggested is that suggestion (filtered to), not a second row of the same folder.
      typed: (a, value) =>
        folderSuggestions(item, q.items, a, q.defaults).some((f) => samePath(f, value.trim()))
          ? undefined
          : choice(q, a, item, value.trim()),
      chosen: (a, it) => {
        const was = a[item.key];
        return was !== undefined && samePath(it.folder, was);
      },
      answer: (a, it) => {
        a[item.key] = it.folder;
      },
      refused: (it) => it.refusal !== undefined,
    }),
  );
  return (await runSteps(q.title, answers, steps)) ? answers : undefined;
}

/** A folder offered for an item: its volume's free space with the other disks placed as answered, and a warning. */
function choice(q: PerDiskQuestion, answers: FolderAnswers, item: PerDiskItem, folder: string): FolderItem {
  const stays = q.sameHost && item.current !== undefined && samePath(folder, item.current);
  const room = roomFor(q.items, answers, q.volumes ?? [], item, folder, q.sameHost);
  const text = folderChoiceText(folder, room, { host: q.host, volumesKnown: q.volumes !== undefined, stays });
  return {
    label: folder,
    description: text.description,
    detail: text.refusal ? `$(error) ${text.refusal}` : text.warning ? `$(warning) ${text.warning}` : undefined,
    folder,
    refusal: text.refusal,
  };
}

/**
 * The destination volumes of one wizard run, each host's read once (the inventory does not hold them): asked when the
 * per-disk steps first need them, kept while the user goes back and forth. Undefined when the host did not answer
 * (the steps then say the free space is not known, and the preflight still checks it).
 */
export class DestinationVolumes {
  private readonly read = new Map<string, Promise<HostVolumes | undefined>>();

  constructor(
    private readonly migrations: MigrationService,
    private readonly log: OutputLog,
  ) {}

  of(host: string): Promise<HostVolumes | undefined> {
    const key = host.toLowerCase();
    let r = this.read.get(key);
    if (!r) {
      r = Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Reading the volumes of ${host}…` },
          () => this.migrations.volumes(host),
        ),
      ).catch((e: unknown) => {
        this.log.error(`The volumes of ${host} were not read: ${errorMessage(e)}`);
        return undefined;
      });
      this.read.set(key, r);
    }
    return r;
  }
}

/** What the per-disk steps ask about a VM going to `host`: its items, the host's default folders and volumes. */
export function perDiskQuestionOf(
  t: MigrationTopology,
  vm: VmRef,
  host: string,
  volumes: HostVolumes | undefined,
  rest: Pick<PerDiskQuestion, 'title' | 'sameHost' | 'answers' | 'problem'>,
): PerDiskQuestion | undefined {
  const known = findVm(t, vm.id);
  if (!known) return undefined;
  const h = findHost(t, host);
  const cluster = h?.cluster?.name;
  // A cluster's VM keeps its files on the cluster's storage; elsewhere the host's own default folders.
  const defaults = cluster
    ? {
        disk: join(clusterFolder(t, cluster), folderName(vm.name)),
        configuration: join(clusterFolder(t, cluster), folderName(vm.name)),
      }
    : {
        disk: h?.host.virtualHardDiskPath ?? volumes?.virtualHardDiskPath,
        configuration: h?.host.virtualMachinePath ?? volumes?.virtualMachinePath,
      };
  return { ...rest, host, items: perDiskItems(known), defaults, volumes: volumes?.volumes };
}

import type { VmInfo } from '../inventory/inventory';
import type { DiskPlacement, StoragePlacement } from './model';
import { isUnder, join, leaf, parentOf, pathKey, samePath } from '../windowsPath';

/**
 * "Choose a folder for each disk": the items a per-disk move places (each disk, and the configuration with its
 * checkpoints and smart paging file), the placement the folders chosen make, and whether each destination volume has
 * room for the disks placed on it together. Pure: the wizard (ui/migration/perDiskSteps.ts) asks, this decides.
 */

/** The key of the configuration item among the answers (disks are keyed by their path). */
export const configurationKey = 'configuration';

export interface PerDiskItem {
  /** `configuration`, or the disk's path (pathKey). */
  readonly key: string;
  readonly kind: 'disk' | 'configuration';
  /** The disk's file name, or "configuration, checkpoints and smart paging". */
  readonly name: string;
  /** The disk's file now (disks only). */
  readonly source?: string;
  /** The folder the item is in now. */
  readonly current?: string;
  /** The disk's maximum size (Get-VHD Size). */
  readonly sizeBytes?: number;
  /** What the disk's file takes now (Get-VHD FileSize): what its move copies. */
  readonly fileSizeBytes?: number;
}

/** Folder chosen per item key; an item without an answer has not been asked yet. */
export type FolderAnswers = Readonly<Record<string, string>>;

/** The VM's disks with files (never a pass-through disk), then its configuration. */
export function perDiskItems(vm: VmInfo): PerDiskItem[] {
  const disks = vm.disks
    .filter((d) => !d.passThrough && d.path)
    .map((d): PerDiskItem => ({
      key: pathKey(d.path),
      kind: 'disk',
      name: leaf(d.path),
      source: d.path,
      current: parentOf(d.path),
      sizeBytes: d.sizeBytes,
      fileSizeBytes: d.fileSizeBytes,
    }));
  return [
    ...disks,
    {
      key: configurationKey,
      kind: 'configuration',
      name: 'configuration, checkpoints and smart paging',
      current: vm.path,
    },
  ];
}

/** What moving the item copies (the configuration's few files count as nothing). */
function bytesOf(item: PerDiskItem): number {
  return item.kind === 'disk' ? (item.fileSizeBytes ?? item.sizeBytes ?? 0) : 0;
}

/** On a storage move an item whose folder is the one it is in now stays: nothing is sent for it. */
function stays(item: PerDiskItem, folder: string, sameHost: boolean): boolean {
  return sameHost && item.current !== undefined && samePath(folder, item.current);
}

/**
 * The per-disk placement of these answers. A move to another host names every item (what is not named would keep its
 * path there); a storage move names only what changes folder.
 */
export function perDiskPlacement(
  items: readonly PerDiskItem[],
  answers: FolderAnswers,
  sameHost: boolean,
): StoragePlacement {
  const config = answers[configurationKey];
  const configItem = items.find((i) => i.kind === 'configuration');
  const configMoves = config !== undefined && !(configItem && stays(configItem, config, sameHost));
  const disks: DiskPlacement[] = items.flatMap((i) => {
    const folder = answers[i.key];
    if (i.kind !== 'disk' || !i.source || folder === undefined || stays(i, folder, sameHost)) return [];
    return [{ source: i.source, destination: join(folder, leaf(i.source)) }];
  });
  return {
    mode: 'perDisk',
    ...(configMoves ? { virtualMachinePath: config, snapshotFilePath: config, smartPagingFilePath: config } : {}),
    disks,
  };
}

/** A volume of the destination and its free space (undefined: not known, e.g. a share). */
export interface VolumeSpace {
  readonly root: string;
  readonly freeBytes?: number;
}

/** The volume a folder is on: the longest root it is under (a cluster shared volume before its drive). */
export function volumeFor(folder: string, volumes: readonly VolumeSpace[]): VolumeSpace | undefined {
  let best: VolumeSpace | undefined;
  for (const v of volumes)
    if ((samePath(folder, v.root) || isUnder(folder, v.root)) && (!best || v.root.length > best.root.length)) best = v;
  return best;
}

/** Room on the volume of a folder for the disks placed on it together. */
export interface Room {
  readonly volume?: VolumeSpace;
  /** What the disks placed on that volume copy there, together. */
  readonly neededBytes: number;
  /** The volume's free space is known and smaller than what is needed. */
  readonly short: boolean;
}

/**
 * Room for `item` in `folder`, with the other items where the answers put them: every disk bound for the same volume
 * (a disk that stays where it is on a storage move takes nothing).
 */
export function roomFor(
  items: readonly PerDiskItem[],
  answers: FolderAnswers,
  volumes: readonly VolumeSpace[],
  item: PerDiskItem,
  folder: string,
  sameHost: boolean,
): Room {
  const volume = volumeFor(folder, volumes);
  const placed = { ...answers, [item.key]: folder };
  let neededBytes = 0;
  for (const i of items) {
    const f = placed[i.key];
    if (f === undefined || stays(i, f, sameHost)) continue;
    const v = volumeFor(f, volumes);
    if (volume ? v && samePath(v.root, volume.root) : samePath(f, folder)) neededBytes += bytesOf(i);
  }
  const short = volume?.freeBytes !== undefined && neededBytes > volume.freeBytes;
  return { volume, neededBytes, short };
}

/**
 * Folders to offer for an item, each once: the one it was given before (when the user comes back to it), the default,
 * those other items were given, where it is now.
 */
export function folderSuggestions(
  item: PerDiskItem,
  items: readonly PerDiskItem[],
  answers: FolderAnswers,
  defaults: { readonly disk?: string; readonly configuration?: string },
): string[] {
  const given = items.filter((i) => i.key !== item.key).flatMap((i) => answers[i.key] ?? []);
  const candidates = [
    answers[item.key],
    ...(item.kind === 'disk' ? [defaults.disk] : [defaults.configuration]),
    ...given,
    // On another host the same path is where the item is now, there; on a storage move: leave it where it is.
    item.current,
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of candidates) {
    if (!c || seen.has(pathKey(c))) continue;
    seen.add(pathKey(c));
    out.push(c);
  }
  return out;
}

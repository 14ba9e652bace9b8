import { formatBytes } from '../../format/units';
import { isFullPath, isUnc, volumeOf } from '../../windowsPath';
import type { PerDiskItem, Room } from '../perDiskPlan';

/** What the per-disk steps show: each item's name and size, and each folder offered with its volume's free space. */

/** The item a step asks about: `a.vhdx (file 22 GB, max 60 GB)`, or the configuration's files. */
export function itemText(item: PerDiskItem): string {
  if (item.kind === 'configuration') return item.name;
  const sizes = [
    item.fileSizeBytes !== undefined ? `file ${formatBytes(item.fileSizeBytes)}` : undefined,
    item.sizeBytes !== undefined ? `max ${formatBytes(item.sizeBytes)}` : undefined,
  ].filter((s): s is string => s !== undefined);
  return sizes.length ? `${item.name} (${sizes.join(', ')})` : item.name;
}

export interface FolderChoiceText {
  readonly description: string;
  /** A warning to read before choosing it (the volume lacks room, or the host has no such volume). */
  readonly warning?: string;
  /** Why it cannot be chosen at all (not a full path). */
  readonly refusal?: string;
}

/**
 * A folder offered for an item. `volumesKnown`: the destination's volumes were read, so a drive it lacks is known to
 * be missing; `stays`: on a storage move, the item is in this folder now.
 */
export function folderChoiceText(
  folder: string,
  room: Room,
  o: { readonly host: string; readonly volumesKnown: boolean; readonly stays: boolean },
): FolderChoiceText {
  if (!isFullPath(folder))
    return { description: 'not a full path', refusal: 'Enter a full path on the host: C:\\… or \\\\server\\share\\…' };
  const prefix = o.stays ? 'stays where it is · ' : '';
  const v = room.volume;
  if (v && v.freeBytes !== undefined) {
    const description = `${prefix}${v.root} · ${formatBytes(v.freeBytes)} free`;
    if (!room.short) return { description };
    return {
      description,
      warning: `Not enough room on ${v.root}: the disks placed there need ${formatBytes(room.neededBytes)}; ${formatBytes(v.freeBytes)} is free.`,
    };
  }
  if (v) return { description: `${prefix}${v.root} · free space not known` };
  if (isUnc(folder)) return { description: `${prefix}SMB share · free space not known` };
  if (o.volumesKnown) {
    const volume = volumeOf(folder) ?? folder;
    return { description: `${prefix}free space not known`, warning: `${o.host} has no volume ${volume}.` };
  }
  return { description: `${prefix}free space not known` };
}

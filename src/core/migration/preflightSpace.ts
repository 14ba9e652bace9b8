import type { MigrationPlan } from './model';
import { filesPlacementOf } from './planSteps';
import type { DestinationFacts, SourceFacts } from './preflightFacts';
import type { PreflightItem } from './preflight';
import { isUnc, isUnder, parentOf, pathKey, samePath, volumeOf } from '../windowsPath';

/**
 * Space at the destination: what the disks need on each destination volume against what is free there, a volume the
 * host does not have (an error: the move would fail), and a share whose free space cannot be read from the host
 * (said plainly, not as a warning to accept). Also what the move takes from the destination, so a batch can add up
 * the moves bound for one volume or host (batchNeeds.ts).
 */

/** What one move takes from its destination: memory (a running VM) and bytes per volume. */
export interface MoveNeeds {
  readonly host: string;
  readonly memoryBytes: number;
  /** Free memory the destination reported (capacity minus what its VMs have assigned). */
  readonly freeMemoryBytes?: number;
  readonly space: readonly VolumeNeed[];
}

export interface VolumeNeed {
  /** The volume (drive root, CSV root or share) as the destination reported it. */
  readonly root: string;
  readonly bytes: number;
  readonly freeBytes: number;
}

type Disk = SourceFacts['vm']['disks'][number];
const sizeOf = (d: Disk): number => d.fileSizeBytes ?? d.sizeBytes ?? 0;

/** Bytes each destination folder receives. */
function bytesPerFolder(plan: MigrationPlan, src: SourceFacts, dst: DestinationFacts): Map<string, number> {
  const need = new Map<string, number>();
  const storage = filesPlacementOf(plan);
  if (!storage) return need;
  const disks = src.vm.disks.filter((d) => !d.passThrough && d.path);
  const add = (folder: string, bytes: number): void => {
    need.set(folder, (need.get(folder) ?? 0) + bytes);
  };
  if (storage.mode === 'folder') for (const d of disks) add(storage.path, sizeOf(d));
  if (storage.mode === 'hostDefault' && dst.host.virtualHardDiskPath)
    for (const d of disks) add(dst.host.virtualHardDiskPath, sizeOf(d));
  if (storage.mode === 'perDisk') {
    // By folder, as the destination's space was asked (preflight.ts destinationPaths); a disk left where it is takes
    // nothing. Two disks on one volume add up in spaceByVolume.
    for (const m of storage.disks) {
      const d = disks.find((x) => samePath(x.path, m.source));
      if (d && !(plan.kind === 'storage' && samePath(m.source, m.destination))) add(parentOf(m.destination), sizeOf(d));
    }
  }
  return need;
}

export interface SpaceCheck {
  readonly items: PreflightItem[];
  readonly volumes: VolumeNeed[];
}

/** A destination volume whose free space the host reported, and what the move puts on it. */
interface VolumeSpace {
  readonly root: string;
  readonly free: number;
  bytes: number;
  readonly paths: string[];
}

/** Bytes bound for a folder whose volume's free space is not known. */
interface Unread {
  readonly folder: string;
  readonly bytes: number;
}

/** Each destination folder's bytes by what the host said of its volume. */
interface SpaceByVolume {
  /** Free space known: the bytes added up per volume. */
  readonly volumes: VolumeSpace[];
  /** No such volume on the host: its folders, per volume. */
  readonly missing: Map<string, string[]>;
  /** Free space not read. */
  readonly unreadable: Unread[];
}

function spaceByVolume(plan: MigrationPlan, src: SourceFacts, dst: DestinationFacts): SpaceByVolume {
  const byRoot = new Map<string, VolumeSpace>();
  const missing = new Map<string, string[]>();
  const unreadable: Unread[] = [];
  for (const [folder, bytes] of bytesPerFolder(plan, src, dst)) {
    const s = dst.space.find((x) => samePath(x.path, folder) || isUnder(folder, x.path));
    if (s?.volumeMissing) {
      const volume = volumeOf(folder) ?? folder;
      missing.set(volume, [...(missing.get(volume) ?? []), folder]);
      continue;
    }
    if (!s || s.freeBytes === undefined) {
      unreadable.push({ folder, bytes });
      continue;
    }
    const root = s.root ?? s.path;
    const key = pathKey(root);
    const e = byRoot.get(key) ?? { root, free: s.freeBytes, bytes: 0, paths: [] };
    e.bytes += bytes;
    e.paths.push(folder);
    byRoot.set(key, e);
  }
  return { volumes: [...byRoot.values()], missing, unreadable };
}

/** Checks the space of every destination volume: its findings, and what the move takes from each (for batches). */
export function checkSpace(plan: MigrationPlan, src: SourceFacts, dst: DestinationFacts): SpaceCheck {
  const { volumes, missing, unreadable } = spaceByVolume(plan, src, dst);
  const host = plan.destinationHost;
  const items = [
    ...checkVolumesExist(host, missing),
    ...checkFreeSpace(host, volumes),
    ...checkShareSpace(
      host,
      unreadable.filter((u) => isUnc(u.folder)),
    ),
    ...checkUnreadSpace(
      host,
      unreadable.filter((u) => !isUnc(u.folder)),
      src.compare.ran,
    ),
  ];
  return { items, volumes: volumes.map((e) => ({ root: e.root, bytes: e.bytes, freeBytes: e.free })) };
}

function checkVolumesExist(host: string, missing: Map<string, string[]>): PreflightItem[] {
  return [...missing].map(([volume, folders]) => ({
    check: 'destinationPath',
    severity: 'error',
    host,
    title: `${host} has no volume ${volume}`,
    reason: `${folders.join(', ')} is on ${volume}, which ${host} does not have; the move would fail.`,
    fix: { kind: 'manual', text: `Choose a folder on a volume of ${host}, or an SMB 3.0 share.` },
  }));
}

function checkFreeSpace(host: string, volumes: VolumeSpace[]): PreflightItem[] {
  return volumes
    .filter((e) => e.bytes > e.free)
    .map((e) => ({
      check: 'diskSpace',
      severity: 'error',
      host,
      title: `Not enough space at ${e.paths.join(', ')}`,
      reason: `The disks need ${gb(e.bytes)}; ${gb(e.free)} is free there.`,
      fix: { kind: 'manual', text: 'Choose another destination folder or free space there.' },
    }));
}

/**
 * Windows tells a share's free space to the file server's own tools, not to a host that only maps it; a move short of
 * space fails at its start and leaves the VM where it is, so this is said, not asked to be accepted.
 */
function checkShareSpace(host: string, shares: Unread[]): PreflightItem[] {
  if (!shares.length) return [];
  return [
    {
      check: 'diskSpace',
      severity: 'info',
      host,
      title: `Free space of ${shares.map((s) => s.folder).join(', ')} is not known`,
      reason: `${host} cannot read a share's free space; the disks need ${gb(shares.reduce((n, s) => n + s.bytes, 0))} there. A move short of space fails at its start and the VM stays where it is.`,
    },
  ];
}

/** A local folder whose space could not be read: a warning, unless Compare-VM ran (it checks the space itself). */
function checkUnreadSpace(host: string, other: Unread[], compareRan: boolean): PreflightItem[] {
  if (!other.length || compareRan) return [];
  return [
    {
      check: 'diskSpace',
      severity: 'warning',
      host,
      title: `Free space at ${other.map((s) => s.folder).join(', ')} could not be read`,
      reason: `The disks need ${gb(other.reduce((n, s) => n + s.bytes, 0))}; make sure it is free there.`,
    },
  ];
}

export function gb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

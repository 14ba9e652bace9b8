import { listText } from '../format/words';
import type { CheckedMove } from './view/confirmation';
import { errors, type PreflightItem } from './preflight';
import { gb } from './preflightSpace';
import { pathKey } from '../windowsPath';
import { nameKey } from '../names';

/**
 * Moves of one batch bound for the same destination add up: each preflight saw the destination as it is now, not as
 * it will be after the moves before it. In the order they would start, the memory each running VM takes on its
 * destination host and the bytes its disks take on each destination volume are summed; a move that no longer fits
 * gets a finding of its own (space: an error, it is left out; memory: a warning, as for one move). Pure.
 */
export function addUpNeeds(moves: readonly CheckedMove[]): PreflightItem[][] {
  const memory = new Map<string, { used: number; vms: string[] }>();
  const space = new Map<string, { used: number; vms: string[] }>();
  return moves.map((m) => {
    const needs = m.report.needs;
    const name = m.plan.request.vm.name;
    if (!needs || errors(m.report).length > 0) return [];
    const out: PreflightItem[] = [];
    const host = needs.host;
    for (const v of needs.space) {
      const key = `${nameKey(host)}|${pathKey(v.root)}`;
      const before = space.get(key) ?? { used: 0, vms: [] };
      if (before.vms.length > 0 && before.used + v.bytes > v.freeBytes) {
        out.push({
          check: 'batch',
          severity: 'error',
          host,
          title: `Not enough space on ${v.root} of ${host} for all these moves`,
          reason: `${listText(before.vms)} ${before.vms.length === 1 ? 'takes' : 'take'} ${gb(before.used)} of the ${gb(v.freeBytes)} free there; ${name} needs ${gb(v.bytes)} more.`,
          fix: { kind: 'manual', text: 'Move it to another host or folder, or in a later batch.' },
        });
      }
    }
    if (out.length) return out;
    for (const v of needs.space) {
      const key = `${nameKey(host)}|${pathKey(v.root)}`;
      const before = space.get(key) ?? { used: 0, vms: [] };
      space.set(key, { used: before.used + v.bytes, vms: [...before.vms, name] });
    }
    if (needs.memoryBytes > 0) {
      const key = nameKey(host);
      const before = memory.get(key) ?? { used: 0, vms: [] };
      const free = needs.freeMemoryBytes;
      if (
        free !== undefined &&
        before.vms.length > 0 &&
        before.used + needs.memoryBytes > free &&
        needs.memoryBytes <= free
      ) {
        out.push({
          check: 'batch',
          severity: 'warning',
          host,
          title: `${host} may be short of memory for all these moves`,
          reason: `${listText(before.vms)} ${before.vms.length === 1 ? 'takes' : 'take'} ${gb(before.used)} of the ${gb(free)} free memory there; ${name} needs ${gb(needs.memoryBytes)} more.`,
        });
      }
      memory.set(key, { used: before.used + needs.memoryBytes, vms: [...before.vms, name] });
    }
    return out;
  });
}

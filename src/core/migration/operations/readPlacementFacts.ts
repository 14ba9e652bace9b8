import text from '../../../scripts/placement-facts.ps1';
import { asObject, bool, list, optNum, optStr, str, strings } from '../../json/read';
import { hostScript, type HostOperation, type Parameters } from '../../../contract/hostOperation';
import { idKey } from '../../names';
import type { HostPlacementFacts } from '../rating/placementFacts';

const script = hostScript('placement-facts.ps1', text);

/**
 * The facts a placement rating reads from each host, in one request to all of them (a read: safe to send again).
 * Per host: `placementParameters` (the paths the files would go to there, the VMs asked about there).
 */
export function placementFacts(): HostOperation<HostPlacementFacts> {
  return { script, parameters: {}, idempotent: true, parse: parsePlacementFacts };
}

export function placementParameters(
  paths: readonly string[],
  includeDefault: boolean,
  vmIds: readonly string[],
): Parameters {
  return { Paths: [...paths], IncludeDefaultPath: includeDefault, VmIds: [...vmIds] };
}

export function parsePlacementFacts(value: unknown): HostPlacementFacts {
  const o = asObject(value, 'placement');
  const p =
    o.processor === null || o.processor === undefined ? undefined : asObject(o.processor, 'placement.processor');
  return {
    processor: p && {
      vendor: optStr(p, 'vendor', 'placement.processor'),
      name: optStr(p, 'name', 'placement.processor'),
      loadPercent: optNum(p, 'loadPercent', 'placement.processor'),
    },
    processorError: optStr(o, 'processorError', 'placement'),
    supportedVersions: strings(o, 'supportedVersions', 'placement'),
    space: list(o, 'space', 'placement', (s, sp) => ({
      path: str(s, 'path', sp),
      root: optStr(s, 'root', sp),
      freeBytes: optNum(s, 'freeBytes', sp),
      ...(s.volumeMissing === true ? { volumeMissing: true } : {}),
    })),
    vms: list(o, 'vms', 'placement', (v, vp) => ({
      id: idKey(str(v, 'id', vp)),
      compatibilityForMigration: bool(v, 'compatibilityForMigration', vp),
    })),
  };
}

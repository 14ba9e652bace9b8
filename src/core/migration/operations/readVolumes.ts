import text from '../../../scripts/host-volumes.ps1';
import { asObject, list, optNum, optStr, str } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';
import type { VolumeSpace } from '../perDiskPlan';

const script = hostScript('host-volumes.ps1', text);

/** A host's volumes with their free space, and its default folders (the inventory holds neither the volumes). */
export interface HostVolumes {
  readonly virtualHardDiskPath?: string;
  readonly virtualMachinePath?: string;
  readonly volumes: readonly VolumeSpace[];
}

/** Reads the destination's volumes once, for the steps that choose a folder per disk. */
export function readVolumes(): HostOperation<HostVolumes> {
  return {
    script,
    parameters: {},
    idempotent: true,
    parse: (value) => {
      const o = asObject(value, 'volumes');
      return {
        virtualHardDiskPath: optStr(o, 'virtualHardDiskPath', 'volumes'),
        virtualMachinePath: optStr(o, 'virtualMachinePath', 'volumes'),
        volumes: list(o, 'volumes', 'volumes', (v, p) => ({
          root: str(v, 'root', p),
          freeBytes: optNum(v, 'freeBytes', p),
        })),
      };
    },
  };
}

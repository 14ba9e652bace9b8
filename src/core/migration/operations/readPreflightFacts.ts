import text from '../../../scripts/migration-preflight.ps1';
import { asArray, asObject, bool, list, num, optBool, optNum, optStr, str, strings } from '../../json/read';
import { hostScript, type HostOperation, type Parameters, type ParameterValue } from '../../../contract/hostOperation';
import { storageParameters } from './storageParameters';
import { idKey } from '../../names';
import type { DestinationFacts, PreflightCompare, PreflightFacts, SourceFacts } from '../preflightFacts';

const script = hostScript('migration-preflight.ps1', text);

export function parseSourceFacts(value: unknown): SourceFacts {
  const o = asObject(value, 'source');
  const h = asObject(o.host, 'source.host');
  const v = asObject(o.vm, 'source.vm');
  const c = asObject(o.compare, 'source.compare');
  return {
    host: {
      name: str(h, 'name', 'source.host'),
      fullyQualifiedDomainName: optStr(h, 'fullyQualifiedDomainName', 'source.host'),
      migrationEnabled: bool(h, 'migrationEnabled', 'source.host'),
      authenticationType: optStr(h, 'authenticationType', 'source.host'),
      performanceOption: optStr(h, 'performanceOption', 'source.host'),
      maximumVirtualMachineMigrations: optNum(h, 'maximumVirtualMachineMigrations', 'source.host'),
      maximumStorageMigrations: optNum(h, 'maximumStorageMigrations', 'source.host'),
    },
    vm: {
      id: idKey(str(v, 'id', 'source.vm')),
      name: str(v, 'name', 'source.vm'),
      state: str(v, 'state', 'source.vm'),
      version: optStr(v, 'version', 'source.vm'),
      isClustered: optBool(v, 'isClustered', 'source.vm') ?? false,
      memoryAssignedBytes: optNum(v, 'memoryAssignedBytes', 'source.vm') ?? 0,
      memoryStartupBytes: optNum(v, 'memoryStartupBytes', 'source.vm') ?? 0,
      path: optStr(v, 'path', 'source.vm'),
      disks: list(v, 'disks', 'source.vm', (d, p) => ({
        path: optStr(d, 'path', p) ?? '',
        passThrough: optBool(d, 'passThrough', p) ?? false,
        diskNumber: optNum(d, 'diskNumber', p),
        sizeBytes: optNum(d, 'sizeBytes', p),
        fileSizeBytes: optNum(d, 'fileSizeBytes', p),
      })),
      adapters: list(v, 'adapters', 'source.vm', (a, p) => ({
        name: str(a, 'name', p),
        id: optStr(a, 'id', p),
        macAddress: optStr(a, 'macAddress', p),
        switchName: optStr(a, 'switchName', p),
      })),
    },
    runningJobs: strings(o, 'runningJobs', 'source'),
    delegation:
      o.delegation === null || o.delegation === undefined
        ? undefined
        : asArray(o.delegation, 'source.delegation').map(String),
    compare: {
      ran: bool(c, 'ran', 'source.compare'),
      error: optStr(c, 'error', 'source.compare'),
      errorId: optStr(c, 'errorId', 'source.compare'),
      incompatibilities: list(c, 'incompatibilities', 'source.compare', (i, p) => ({
        messageId: num(i, 'messageId', p),
        message: str(i, 'message', p),
        sourceType: optStr(i, 'sourceType', p),
        adapterName: optStr(i, 'adapterName', p),
        adapterId: optStr(i, 'adapterId', p),
        switchName: optStr(i, 'switchName', p),
      })),
    },
  };
}

export function parseDestinationFacts(value: unknown): DestinationFacts {
  const o = asObject(value, 'destination');
  const h = asObject(o.host, 'destination.host');
  const p = 'destination.host';
  return {
    host: {
      name: str(h, 'name', p),
      fullyQualifiedDomainName: optStr(h, 'fullyQualifiedDomainName', p),
      migrationEnabled: bool(h, 'migrationEnabled', p),
      authenticationType: optStr(h, 'authenticationType', p),
      performanceOption: optStr(h, 'performanceOption', p),
      virtualHardDiskPath: optStr(h, 'virtualHardDiskPath', p),
      virtualMachinePath: optStr(h, 'virtualMachinePath', p),
      memoryCapacityBytes: optNum(h, 'memoryCapacityBytes', p) ?? 0,
      memoryAssignedBytes: optNum(h, 'memoryAssignedBytes', p) ?? 0,
    },
    supportedVersions: strings(o, 'supportedVersions', 'destination'),
    switches: strings(o, 'switches', 'destination'),
    sameVm:
      o.sameVm === null || o.sameVm === undefined
        ? undefined
        : {
            name: str(asObject(o.sameVm, 'destination.sameVm'), 'name', 'destination.sameVm'),
            state: str(asObject(o.sameVm, 'destination.sameVm'), 'state', 'destination.sameVm'),
          },
    plannedVm:
      o.plannedVm === null || o.plannedVm === undefined
        ? undefined
        : { name: optStr(asObject(o.plannedVm, 'destination.plannedVm'), 'name', 'destination.plannedVm') ?? '' },
    space: list(o, 'space', 'destination', (s, sp) => ({
      path: str(s, 'path', sp),
      root: optStr(s, 'root', sp),
      freeBytes: optNum(s, 'freeBytes', sp),
      ...(optBool(s, 'volumeMissing', sp) ? { volumeMissing: true } : {}),
    })),
  };
}

export function parsePreflightFacts(value: unknown): PreflightFacts {
  const o = asObject(value, 'preflight');
  return {
    source: o.source === null || o.source === undefined ? undefined : parseSourceFacts(o.source),
    destination:
      o.destination === null || o.destination === undefined ? undefined : parseDestinationFacts(o.destination),
  };
}

/**
 * The preflight operation: one script for both hosts; `sourceParameters` / `destinationParameters` go on each
 * host's target so one request covers both (a storage move sends `bothParameters` to its one host).
 * `compare` gives Compare-VM the move's own arguments; without it (storage moves, VMs still in a cluster role)
 * Compare-VM is not run.
 */
export function preflight(vmId: string): HostOperation<PreflightFacts> {
  return { script, parameters: { VmId: vmId }, idempotent: true, parse: parsePreflightFacts };
}

export function sourceParameters(compare?: PreflightCompare): Parameters {
  const p: Record<string, ParameterValue> = { Roles: ['source'] };
  if (compare) {
    Object.assign(p, storageParameters(compare.storage), {
      DestinationHost: compare.destinationHost,
      RetainVhdCopiesOnSource: compare.retainSourceCopies,
    });
  }
  return p;
}

export function destinationParameters(paths: readonly string[], includeDefaultPath: boolean): Parameters {
  return { Roles: ['destination'], Paths: [...paths], IncludeDefaultPath: includeDefaultPath };
}

export function bothParameters(paths: readonly string[]): Parameters {
  return { Roles: ['source', 'destination'], Paths: [...paths], IncludeDefaultPath: false };
}

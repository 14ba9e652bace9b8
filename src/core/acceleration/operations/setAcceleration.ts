import text from '../../../scripts/set-adapter-acceleration.ps1';
import { asArray, asObject, bool, num, optNum, optStr, str, type JsonObject } from '../../json/read';
import { hostScript, type HostOperation, type Parameters, type ParameterValue } from '../../../contract/hostOperation';
import {
  accelerationFields,
  isInterruptModeration,
  type AccelerationChange,
  type AdapterReadBack,
  type HostFacts,
} from '../model';

const script = hostScript('set-adapter-acceleration.ps1', text);

/** One adapter of one host's request. */
export interface AdapterChangeItem {
  readonly vmId: string;
  readonly adapterId: string;
  /** Empty: only read the adapter back. */
  readonly change: AccelerationChange;
}

export interface AdapterErrorInfo {
  readonly message: string;
  readonly fullyQualifiedErrorId?: string;
  readonly category?: string;
}

/** What the host reported for one adapter: its error if the change failed, and what the adapter has now. */
export interface AdapterHostResult {
  readonly vmId: string;
  readonly adapterId: string;
  readonly error?: AdapterErrorInfo;
  readonly readBack?: { readonly settings: AdapterReadBack; readonly facts: HostFacts };
}

/** The per-host parameters: each host gets only its own adapters (HostTarget.parameters). */
export function hostParameters(items: readonly AdapterChangeItem[]): Parameters {
  return {
    Changes: items.map((i) => {
      const settings: Record<string, ParameterValue> = {};
      // Only known fields travel; the script whitelists them again.
      for (const f of accelerationFields) {
        const v = i.change[f];
        if (v !== undefined) settings[f] = v;
      }
      return { vmId: i.vmId, adapterId: i.adapterId, settings };
    }),
  };
}

/**
 * Sets (or with empty changes, reads) the acceleration of many adapters of one host in one round trip. The
 * operation carries no values: each host's adapters travel as its target's parameters (hostParameters).
 */
export function setAdapterAcceleration(): HostOperation<AdapterHostResult[]> {
  // Absolute values by VM and adapter Id: setting them again changes nothing more.
  return { script, parameters: {}, idempotent: true, parse: parseAccelerationResults };
}

export function parseAccelerationResults(value: unknown): AdapterHostResult[] {
  const root = asObject(Array.isArray(value) ? value[0] : value, 'acceleration');
  return asArray(root.results, 'acceleration.results').map((r, i) => {
    const p = `acceleration.results[${i}]`;
    const o = asObject(r, p);
    return {
      vmId: str(o, 'vmId', p),
      adapterId: str(o, 'adapterId', p),
      error:
        o.error === null || o.error === undefined
          ? undefined
          : readError(asObject(o.error, `${p}.error`), `${p}.error`),
      readBack:
        o.readBack === null || o.readBack === undefined
          ? undefined
          : readBack(asObject(o.readBack, `${p}.readBack`), `${p}.readBack`),
    };
  });
}

function readError(o: JsonObject, p: string): AdapterErrorInfo {
  return {
    message: str(o, 'message', p),
    fullyQualifiedErrorId: optStr(o, 'fullyQualifiedErrorId', p),
    category: optStr(o, 'category', p),
  };
}

function readBack(o: JsonObject, p: string): { settings: AdapterReadBack; facts: HostFacts } {
  const s = asObject(o.settings, `${p}.settings`);
  const sp = `${p}.settings`;
  const f = asObject(o.facts, `${p}.facts`);
  const fp = `${p}.facts`;
  const moderation = str(s, 'iovInterruptModeration', sp);
  if (!isInterruptModeration(moderation))
    throw new Error(`${sp}.iovInterruptModeration: unknown value "${moderation}"`);
  const iov = f.switchIovEnabled;
  return {
    settings: {
      ipsecOffloadMaxSA: num(s, 'ipsecOffloadMaxSA', sp),
      vmqWeight: num(s, 'vmqWeight', sp),
      iovWeight: num(s, 'iovWeight', sp),
      iovQueuePairsRequested: num(s, 'iovQueuePairsRequested', sp),
      iovInterruptModeration: moderation,
      vrssEnabled: bool(s, 'vrssEnabled', sp),
      vmmqEnabled: bool(s, 'vmmqEnabled', sp),
      vmmqQueuePairs: num(s, 'vmmqQueuePairs', sp),
      ipsecOffloadSAUsage: optNum(s, 'ipsecOffloadSAUsage', sp),
      vmqUsage: optNum(s, 'vmqUsage', sp),
      iovUsage: optNum(s, 'iovUsage', sp),
      iovQueuePairsAssigned: optNum(s, 'iovQueuePairsAssigned', sp),
    },
    facts: {
      vmState: str(f, 'vmState', fp),
      switchName: optStr(f, 'switchName', fp),
      switchIovEnabled: typeof iov === 'boolean' ? iov : undefined,
    },
  };
}

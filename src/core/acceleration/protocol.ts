import { isNum, isRecord, isStr, onlyKeys, optional } from '../json/guards';
import {
  accelerationFields,
  booleanFields,
  isInterruptModeration,
  numericFields,
  type AccelerationChange,
  type AccelerationSettings,
  type AdapterReadBack,
  type HostFacts,
} from './model';

/**
 * Messages between the acceleration editor's webview and the extension, shared by both sides. Each side checks every
 * message it receives with the guards below and drops (and logs) what does not fit: a webview is another process
 * whose messages are data, not trusted objects.
 */

/** One adapter as the form shows it: where it is, what it has, and the host side. */
export interface AdapterView {
  readonly key: string;
  readonly host: string;
  readonly vmName: string;
  readonly adapterName: string;
  readonly current: AccelerationSettings;
  readonly facts: HostFacts;
}

export interface AdapterOutcomeView {
  readonly key: string;
  readonly label: string;
  readonly ok: boolean;
  readonly readBack?: AdapterReadBack;
  readonly facts?: HostFacts;
  readonly error?: { readonly message: string; readonly fullyQualifiedErrorId?: string };
}

export type PageToExtension =
  | { readonly type: 'ready' }
  | { readonly type: 'apply'; readonly values: AccelerationChange }
  | { readonly type: 'copyAsPowerShell'; readonly values: AccelerationChange };

export type ExtensionToPage =
  | {
      readonly type: 'state';
      readonly adapters: readonly AdapterView[];
      /** Values common to every adapter; a field they differ on is absent (the form shows it as mixed). */
      readonly values: AccelerationChange;
      readonly warnings: readonly string[];
    }
  | { readonly type: 'result'; readonly outcomes: readonly AdapterOutcomeView[] }
  | { readonly type: 'refused'; readonly problems: readonly { readonly field: string; readonly reason: string }[] };

/** Shape only (types of known fields, no unknown keys); ranges are validateChange's job, with reasons. */
export function isAccelerationChange(v: unknown): v is AccelerationChange {
  if (!isRecord(v) || !onlyKeys(v, accelerationFields)) return false;
  return (
    numericFields.every((f) => optional(v[f], isNum)) &&
    booleanFields.every((f) => v[f] === undefined || typeof v[f] === 'boolean') &&
    (v.iovInterruptModeration === undefined || isInterruptModeration(v.iovInterruptModeration))
  );
}

function isSettings(v: unknown): v is AccelerationSettings {
  return isAccelerationChange(v) && accelerationFields.every((f) => v[f] !== undefined);
}

function isFacts(v: unknown): v is HostFacts {
  return (
    isRecord(v) &&
    isStr(v.vmState) &&
    optional(v.switchName, isStr) &&
    (v.switchIovEnabled === undefined || typeof v.switchIovEnabled === 'boolean')
  );
}

const usageFields = ['ipsecOffloadSAUsage', 'vmqUsage', 'iovUsage', 'iovQueuePairsAssigned'] as const;

function isReadBack(v: unknown): v is AdapterReadBack {
  if (!isRecord(v)) return false;
  const settings = Object.fromEntries(
    Object.entries(v).filter(([k]) => !(usageFields as readonly string[]).includes(k)),
  );
  return isSettings(settings) && usageFields.every((f) => optional(v[f], isNum));
}

function isAdapterView(v: unknown): v is AdapterView {
  return (
    isRecord(v) &&
    isStr(v.key) &&
    isStr(v.host) &&
    isStr(v.vmName) &&
    isStr(v.adapterName) &&
    isSettings(v.current) &&
    isFacts(v.facts)
  );
}

function isOutcome(v: unknown): v is AdapterOutcomeView {
  if (!isRecord(v) || !isStr(v.key) || !isStr(v.label) || typeof v.ok !== 'boolean') return false;
  if (!optional(v.readBack, isReadBack) || !optional(v.facts, isFacts)) return false;
  if (v.error === undefined) return true;
  return isRecord(v.error) && isStr(v.error.message) && optional(v.error.fullyQualifiedErrorId, isStr);
}

export function parsePageMessage(v: unknown): PageToExtension | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return onlyKeys(v, ['type']) ? { type: 'ready' } : undefined;
    case 'apply':
    case 'copyAsPowerShell':
      return onlyKeys(v, ['type', 'values']) && isAccelerationChange(v.values)
        ? { type: v.type, values: v.values }
        : undefined;
    default:
      return undefined;
  }
}

export function parseExtensionMessage(v: unknown): ExtensionToPage | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'state':
      return Array.isArray(v.adapters) &&
        v.adapters.length > 0 &&
        v.adapters.every(isAdapterView) &&
        isAccelerationChange(v.values) &&
        Array.isArray(v.warnings) &&
        v.warnings.every(isStr)
        ? (v as ExtensionToPage)
        : undefined;
    case 'result':
      return Array.isArray(v.outcomes) && v.outcomes.every(isOutcome) ? (v as ExtensionToPage) : undefined;
    case 'refused':
      return Array.isArray(v.problems) && v.problems.every((p) => isRecord(p) && isStr(p.field) && isStr(p.reason))
        ? (v as ExtensionToPage)
        : undefined;
    default:
      return undefined;
  }
}

import type { AdapterInfo } from '../inventory/inventory';

/**
 * The hardware-acceleration settings of one VM network adapter, as Set-VMNetworkAdapter names them on our side
 * (docs/hyperv.md, "Network adapters and acceleration"). Every field is optional in a change: only what the user changed is sent.
 */
export const interruptModerations = ['Default', 'Adaptive', 'Off', 'Low', 'Medium', 'High'] as const;
export type InterruptModeration = (typeof interruptModerations)[number];

export interface AccelerationSettings {
  /** IPsec task offload maximum security associations; 0 turns offload off. */
  readonly ipsecOffloadMaxSA: number;
  /** 0–100; 0 turns VMQ off. */
  readonly vmqWeight: number;
  /** 0–100; 0 turns SR-IOV off. */
  readonly iovWeight: number;
  /** ≥ 1. */
  readonly iovQueuePairsRequested: number;
  readonly iovInterruptModeration: InterruptModeration;
  readonly vrssEnabled: boolean;
  readonly vmmqEnabled: boolean;
  /** ≥ 1 (Set-VMNetworkAdapter -VmmqQueuePairs, the alias of -VrssMaxQueuePairs). */
  readonly vmmqQueuePairs: number;
}

export type AccelerationField = keyof AccelerationSettings;
export type AccelerationChange = Partial<AccelerationSettings>;

export const accelerationFields: readonly AccelerationField[] = [
  'ipsecOffloadMaxSA',
  'vmqWeight',
  'iovWeight',
  'iovQueuePairsRequested',
  'iovInterruptModeration',
  'vrssEnabled',
  'vmmqEnabled',
  'vmmqQueuePairs',
];

export const numericFields = [
  'ipsecOffloadMaxSA',
  'vmqWeight',
  'iovWeight',
  'iovQueuePairsRequested',
  'vmmqQueuePairs',
] as const;
export type NumericField = (typeof numericFields)[number];
export const booleanFields = ['vrssEnabled', 'vmmqEnabled'] as const;
export type BooleanField = (typeof booleanFields)[number];

export const fieldLabels: Readonly<Record<AccelerationField, string>> = {
  ipsecOffloadMaxSA: 'IPsec task offload maximum security associations',
  vmqWeight: 'VMQ weight',
  iovWeight: 'SR-IOV weight',
  iovQueuePairsRequested: 'IOV queue pairs requested',
  iovInterruptModeration: 'IOV interrupt moderation',
  vrssEnabled: 'vRSS',
  vmmqEnabled: 'VMMQ',
  vmmqQueuePairs: 'VMMQ queue pairs',
};

/** The Set-VMNetworkAdapter parameter for each field (used by the host script's whitelist and Copy as PowerShell). */
export const cmdletParameters: Readonly<Record<AccelerationField, string>> = {
  ipsecOffloadMaxSA: 'IPsecOffloadMaximumSecurityAssociation',
  vmqWeight: 'VmqWeight',
  iovWeight: 'IovWeight',
  iovQueuePairsRequested: 'IovQueuePairsRequested',
  iovInterruptModeration: 'IovInterruptModeration',
  vrssEnabled: 'VrssEnabled',
  vmmqEnabled: 'VmmqEnabled',
  // -VmmqQueuePairs is a parameter on 2016 and an alias of -VrssMaxQueuePairs from 2019 on: valid on both.
  vmmqQueuePairs: 'VmmqQueuePairs',
};

/** Which adapter, on which host: addressed by the VM's Id and the adapter's Id, never by a name. */
export interface AdapterRef {
  readonly host: string;
  readonly vmId: string;
  readonly vmName: string;
  readonly adapterId: string;
  readonly adapterName: string;
}

/** What the host side says about where an adapter's settings can take effect. */
export interface HostFacts {
  readonly vmState: string;
  readonly switchName?: string;
  /** Undefined when the adapter is not connected or the switch was not found. */
  readonly switchIovEnabled?: boolean;
}

/** Settings as the host reports them, with their current usage. */
export interface AdapterReadBack extends AccelerationSettings {
  readonly ipsecOffloadSAUsage?: number;
  readonly vmqUsage?: number;
  readonly iovUsage?: number;
  readonly iovQueuePairsAssigned?: number;
}

/** The defaults of a new adapter (docs/hyperv.md, "Network adapters and acceleration"), for anything the inventory did not report. */
export const defaultSettings: AccelerationSettings = {
  ipsecOffloadMaxSA: 512,
  vmqWeight: 100,
  iovWeight: 0,
  iovQueuePairsRequested: 1,
  iovInterruptModeration: 'Default',
  vrssEnabled: true,
  vmmqEnabled: false,
  vmmqQueuePairs: 16,
};

export function isInterruptModeration(v: unknown): v is InterruptModeration {
  return typeof v === 'string' && (interruptModerations as readonly string[]).includes(v);
}

/** The settings an inventory adapter carries (defaults where the host said nothing). */
export function settingsOf(a: AdapterInfo): AccelerationSettings {
  const d = defaultSettings;
  return {
    ipsecOffloadMaxSA: a.ipsecOffloadMaxSA ?? d.ipsecOffloadMaxSA,
    vmqWeight: a.vmqWeight ?? d.vmqWeight,
    iovWeight: a.iovWeight ?? d.iovWeight,
    iovQueuePairsRequested: a.iovQueuePairsRequested ?? d.iovQueuePairsRequested,
    iovInterruptModeration: isInterruptModeration(a.iovInterruptModeration)
      ? a.iovInterruptModeration
      : d.iovInterruptModeration,
    vrssEnabled: a.vrssEnabled ?? d.vrssEnabled,
    vmmqEnabled: a.vmmqEnabled ?? d.vmmqEnabled,
    vmmqQueuePairs: a.vmmqQueuePairs ?? d.vmmqQueuePairs,
  };
}

/** Fields present in a change, in form order. */
export function changedFields(change: AccelerationChange): AccelerationField[] {
  return accelerationFields.filter((f) => change[f] !== undefined);
}

/** Values common to all the given settings; a field on which they differ is left out (shown as mixed). */
export function commonValues(all: readonly AccelerationSettings[]): AccelerationChange {
  const out: Record<string, unknown> = {};
  for (const f of accelerationFields) {
    const first = all[0]?.[f];
    if (first !== undefined && all.every((s) => s[f] === first)) out[f] = first;
  }
  return out;
}

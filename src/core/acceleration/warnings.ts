import type { AccelerationChange, AccelerationSettings, HostFacts } from './model';

/** Hosts are commonly seen to refuse more IPsec offload SAs than this; the bound is not documented (docs/hyperv.md, "Network adapters and acceleration"). */
export const commonIpsecSaLimit = 4096;

/**
 * Why a value cannot take effect (or may not), given where the adapter sits. Warnings never block: the host is the
 * truth, and a setting stored now may take effect later (a VM that starts, a switch recreated with SR-IOV).
 */
export function accelerationWarnings(
  current: AccelerationSettings,
  change: AccelerationChange,
  facts: HostFacts,
): string[] {
  const next: AccelerationSettings = { ...current, ...stripUndefined(change) };
  const out: string[] = [];
  const connected = facts.switchName !== undefined && facts.switchName !== '';
  if (next.iovWeight > 0) {
    if (!connected) out.push('SR-IOV cannot take effect: the adapter is not connected to a switch.');
    else if (facts.switchIovEnabled === false) {
      out.push(
        `SR-IOV cannot take effect: switch ${facts.switchName ?? ''} has SR-IOV disabled (it can only be enabled when the switch is created).`,
      );
    }
  } else if (change.iovQueuePairsRequested !== undefined || change.iovInterruptModeration !== undefined) {
    out.push('IOV queue pairs and interrupt moderation take effect only with SR-IOV on (SR-IOV weight above 0).');
  }
  if (next.vmqWeight > 0 && !connected) out.push('VMQ cannot take effect: the adapter is not connected to a switch.');
  if (next.ipsecOffloadMaxSA > 0 && !connected)
    out.push('IPsec task offload cannot take effect: the adapter is not connected to a switch.');
  if (next.ipsecOffloadMaxSA > commonIpsecSaLimit) {
    out.push(
      `More than ${commonIpsecSaLimit} IPsec offload security associations: hosts commonly refuse this; the host decides.`,
    );
  }
  if (next.vmmqEnabled && !next.vrssEnabled) out.push('VMMQ cannot take effect: vRSS is off.');
  if (change.vmmqQueuePairs !== undefined && !next.vmmqEnabled)
    out.push('VMMQ queue pairs take effect only with VMMQ on.');
  const running = facts.vmState === 'Running' || facts.vmState.startsWith('Running');
  if (!running) {
    out.push(
      `VM is ${facts.vmState}: the settings are stored and take effect when it runs; usage stays at 0 until then.`,
    );
  } else if (change.iovWeight !== undefined && change.iovWeight > 0 !== current.iovWeight > 0) {
    out.push(
      "VM is running: the guest's traffic moves between the SR-IOV virtual function and the synthetic path; expect a brief interruption.",
    );
  }
  return out;
}

function stripUndefined(change: AccelerationChange): AccelerationChange {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
}

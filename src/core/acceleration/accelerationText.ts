import type { AdapterInfo } from '../inventory/inventory';
import { settingsOf } from './model';

/** Whether the host reported the adapter's acceleration at all (nothing is shown from defaults alone). */
function reported(a: AdapterInfo): boolean {
  return a.ipsecOffloadMaxSA !== undefined || a.vmqWeight !== undefined || a.iovWeight !== undefined;
}

/** What the tree shows of an adapter's acceleration: `IPsec 512 SA · VMQ on · SR-IOV off`; empty when unreported. */
export function accelerationSummary(a: AdapterInfo): string {
  const parts: string[] = [];
  if (a.ipsecOffloadMaxSA !== undefined)
    parts.push(a.ipsecOffloadMaxSA > 0 ? `IPsec ${a.ipsecOffloadMaxSA} SA` : 'IPsec off');
  if (a.vmqWeight !== undefined) parts.push(a.vmqWeight > 0 ? 'VMQ on' : 'VMQ off');
  if (a.iovWeight !== undefined) parts.push(a.iovWeight > 0 ? 'SR-IOV on' : 'SR-IOV off');
  return parts.join(' · ');
}

/** Tooltip lines (Markdown, no user text): each value with its current usage as the host reports it. */
export function accelerationTooltipLines(a: AdapterInfo): string[] {
  if (!reported(a)) return [];
  const s = settingsOf(a);
  const usage = (v: number | undefined, unit: string): string => (v === undefined ? '' : ` — ${v} ${unit}`);
  return [
    `IPsec task offload: ${s.ipsecOffloadMaxSA > 0 ? `up to ${s.ipsecOffloadMaxSA} SAs` : 'off'}${usage(a.ipsecOffloadSAUsage, 'in use')}`,
    `VMQ: ${s.vmqWeight > 0 ? `on, weight ${s.vmqWeight}` : 'off'}${a.vmqUsage === undefined ? '' : a.vmqUsage > 0 ? ' — in use' : ' — not in use'}`,
    `SR-IOV: ${s.iovWeight > 0 ? `on, weight ${s.iovWeight}` : 'off'}${a.iovUsage === undefined ? '' : a.iovUsage > 0 ? ' — in use' : ' — not in use'}` +
      `, queue pairs ${s.iovQueuePairsRequested} requested${a.iovQueuePairsAssigned === undefined ? '' : ` / ${a.iovQueuePairsAssigned} assigned`}` +
      `, interrupt moderation ${s.iovInterruptModeration}`,
    `vRSS ${s.vrssEnabled ? 'on' : 'off'} · VMMQ ${s.vmmqEnabled ? `on, ${s.vmmqQueuePairs} queue pairs` : 'off'}`,
  ];
}

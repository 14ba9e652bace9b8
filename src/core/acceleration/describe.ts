import type { AdapterInfo } from '../model/inventory';
import { settingsOf } from './model';

/** What the tree shows of an adapter's acceleration: `IPsec 512 SA · VMQ on · SR-IOV off`. */
export function accelerationSummary(a: AdapterInfo): string {
  const s = settingsOf(a);
  return [
    s.ipsecOffloadMaxSA > 0 ? `IPsec ${s.ipsecOffloadMaxSA} SA` : 'IPsec off',
    s.vmqWeight > 0 ? 'VMQ on' : 'VMQ off',
    s.iovWeight > 0 ? 'SR-IOV on' : 'SR-IOV off',
  ].join(' · ');
}

/** Tooltip lines (Markdown, no user text): each value with its current usage as the host reports it. */
export function accelerationTooltipLines(a: AdapterInfo): string[] {
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

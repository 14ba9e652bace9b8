import type { PreflightItem } from './preflight';
import { crossHost, type AnsweredFacts, type SourceFacts } from './preflightFacts';
import { formatMac } from '../inventory/tree/rowText';
import { switchFor } from './switchMap';
import { sameName } from '../names';

// The preflight's switch check: every adapter finds its virtual switch at the destination, or the user maps it.

/** "'Network Adapter' (MAC 00-15-5D-0A-0B-01)": default names repeat, the MAC tells adapters apart. */
function adapterLabel(a: { readonly name: string; readonly macAddress?: string }): string {
  return a.macAddress ? `'${a.name}' (MAC ${formatMac(a.macAddress)})` : `'${a.name}'`;
}

type Adapter = SourceFacts['vm']['adapters'][number] & { readonly switchName: string };

/** The source's adapters whose switch the destination lacks (none for a move within one host). */
export function adaptersWithMissingSwitch(f: AnsweredFacts): Adapter[] {
  if (!crossHost(f)) return [];
  const missing = (a: Adapter): boolean => !f.dst.switches.some((s) => sameName(s, a.switchName));
  return f.src.vm.adapters.filter((a): a is Adapter => !!a.switchName).filter(missing);
}

/** Adapters whose switch is missing at the destination (33012), with the fix. */
export function checkSwitches(f: AnsweredFacts): PreflightItem[] {
  const { plan, dst } = f;
  const dstName = plan.destinationHost;
  return adaptersWithMissingSwitch(f).map((a): PreflightItem => {
    const label = adapterLabel(a);
    const mapped = switchFor(plan.request.switchMap, a.id);
    if (mapped && dst.switches.some((s) => sameName(s, mapped))) {
      return {
        check: 'missingSwitch',
        severity: 'info',
        host: dstName,
        messageId: 33012,
        title: `${label} will connect to ${mapped}`,
        reason: `${dstName} has no switch '${a.switchName}'; the adapter is connected to '${mapped}' there.`,
      };
    }
    return {
      check: 'missingSwitch',
      severity: 'error',
      host: dstName,
      messageId: 33012,
      title: `Switch '${a.switchName}' is missing on ${dstName}`,
      reason: `Could not find Ethernet switch '${a.switchName}' for adapter ${label}.`,
      // Without its Id the adapter cannot be told from another of the same name: no one-click fix then.
      fix: a.id
        ? {
            kind: 'chooseSwitch',
            vmId: plan.request.vm.id,
            adapterId: a.id,
            adapterName: a.name,
            macAddress: a.macAddress,
            missingSwitch: a.switchName,
            choices: [...dst.switches],
          }
        : {
            kind: 'manual',
            text: `Connect ${label} to a switch that ${dstName} has, or create '${a.switchName}' there.`,
          },
    };
  });
}

import text from '../../../scripts/host-readiness.ps1';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';
import { parseReadinessFacts, type HostReadinessFacts } from '../facts';
import { checkedFirewallRules } from '../model';

const script = hostScript('host-readiness.ps1', text);

/** What a host has for live migration (host-readiness.ps1), with the firewall rules the product checks. */
export function hostReadiness(): HostOperation<HostReadinessFacts> {
  return {
    script,
    parameters: { FirewallRules: [...checkedFirewallRules] },
    idempotent: true,
    parse: parseReadinessFacts,
  };
}

import text from '../../../scripts/readiness-enable-firewall-rule.ps1';
import { asObject, bool, str } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';

const script = hostScript('readiness-enable-firewall-rule.ps1', text);

export interface FirewallRuleState {
  readonly name: string;
  readonly displayName: string;
  readonly enabled: boolean;
}

/** Enables one built-in firewall rule by its exact name; answers with the rule as the host now has it. */
export function enableFirewallRule(rule: string): HostOperation<FirewallRuleState> {
  return {
    script,
    parameters: { Name: rule },
    // Enabling an enabled rule changes nothing.
    idempotent: true,
    parse: (value) => {
      const o = asObject(value, 'rule');
      return {
        name: str(o, 'name', 'rule'),
        displayName: str(o, 'displayName', 'rule'),
        enabled: bool(o, 'enabled', 'rule'),
      };
    },
  };
}

import * as assert from 'node:assert/strict';
import {
  delegationScript,
  enableFirewallRuleScript,
  enableMigrationScript,
  readDelegationScript,
} from '../../../src/core/readiness/fixScripts';
import { hostileValues, parsePowerShell } from '../../support/psParse';

describe('readiness: Copy as PowerShell of the fixes', () => {
  it('writes the delegation fix with every value a literal, only what is missing', () => {
    const s = delegationScript('HV-A', ['cifs/HV-B', 'cifs/HV-B.corp.example'], true);
    assert.match(s, /^# Run where the ActiveDirectory module is installed/);
    assert.ok(
      s.includes(
        "Set-ADComputer -Identity 'HV-A' -Add @{ 'msDS-AllowedToDelegateTo' = @('cifs/HV-B', 'cifs/HV-B.corp.example') }",
      ),
    );
    assert.ok(s.includes("Set-ADAccountControl -Identity 'HV-A$' -TrustedToAuthForDelegation $true"));
    assert.ok(s.includes('klist purge -li 0x3e7'));
    assert.doesNotMatch(delegationScript('HV-A', [], true), /Set-ADComputer -Identity 'HV-A' -Add/);
    assert.doesNotMatch(delegationScript('HV-A', ['cifs/HV-B'], false), /Set-ADAccountControl/);
  });

  it("hostile host names stay literals: PowerShell's own parser finds only the fix's commands", async function () {
    this.timeout(60_000);
    for (const h of hostileValues) {
      const scripts = [
        delegationScript(h, [`cifs/${h}`], true),
        enableMigrationScript(h),
        enableFirewallRuleScript(h, h),
        readDelegationScript(h),
      ];
      const parsed = await parsePowerShell(scripts.join('\n'));
      assert.deepEqual(parsed.errors, [], JSON.stringify(h));
      assert.deepEqual(
        [...new Set(parsed.commands)].sort(),
        [
          'Enable-NetFirewallRule',
          'Enable-VMMigration',
          'Get-ADComputer',
          'Get-NetFirewallRule',
          'Get-VMHost',
          'Select-Object',
          'Set-ADAccountControl',
          'Set-ADComputer',
        ],
        JSON.stringify(h),
      );
      assert.ok(
        parsed.strings.includes(h) && parsed.strings.includes(`cifs/${h}`) && parsed.strings.includes(`${h}$`),
        JSON.stringify(h),
      );
    }
  });
});

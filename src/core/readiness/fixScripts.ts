/**
 * "Copy as PowerShell" for each readiness fix: what a person pastes on the host the first line names. Every value is
 * a single-quoted literal (quotePs); names in comments stay on their line (commentText).
 */
import { commentText, quotePs } from '../powershell/quote';

const stop = "$ErrorActionPreference = 'Stop'";

function script(runOn: string, what: string, lines: readonly string[]): string {
  return [runOn, `# Hyper-V Mobility: ${what}`, stop, ...lines].join('\n') + '\n';
}

const onHost = (host: string): string => `# Run on ${commentText(host)}, in an elevated PowerShell.`;

export function enableMigrationScript(host: string): string {
  return script(onHost(host), `turn on live migration on ${commentText(host)}`, [
    'Enable-VMMigration -Confirm:$false',
    'Get-VMHost | Select-Object Name, VirtualMachineMigrationEnabled',
  ]);
}

export function useKerberosScript(host: string): string {
  return script(onHost(host), `live migration on ${commentText(host)} authenticates with Kerberos`, [
    'Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos -Confirm:$false',
    '# Each source host then needs constrained delegation to each destination (see the delegation checks).',
    'Get-VMHost | Select-Object Name, VirtualMachineMigrationAuthenticationType',
  ]);
}

export function credSspSessionScript(host: string): string {
  return script(onHost(host), `moves started on ${commentText(host)} need your credentials there (CredSSP)`, [
    '# Either use Kerberos with constrained delegation (recommended for automation):',
    'Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos -Confirm:$false',
    '# Or keep CredSSP and reach this host over WinRM with CredSSP authentication:',
    '#   here:                  Enable-WSManCredSSP -Role Server -Force',
    `#   on your workstation:   Enable-WSManCredSSP -Role Client -DelegateComputer ${quotePs(host)} -Force`,
    '#   then edit the connection in VS Code: WinRM, authentication CredSSP.',
  ]);
}

export function enableFirewallRuleScript(host: string, rule: string): string {
  return script(onHost(host), `allow the traffic of firewall rule ${commentText(rule)} on ${commentText(host)}`, [
    `Enable-NetFirewallRule -Name ${quotePs(rule)}`,
    `Get-NetFirewallRule -Name ${quotePs(rule)} | Select-Object Name, DisplayName, Enabled`,
  ]);
}

export function networksScript(host: string): string {
  return script(onHost(host), `a network for incoming live migrations on ${commentText(host)}`, [
    '# Either name the networks live migration may use (your migration subnet):',
    "Add-VMMigrationNetwork -Subnet '192.0.2.0/24' -Confirm:$false",
    '# or let it use any network:',
    '# Set-VMHost -UseAnyNetworkForMigration $true -Confirm:$false',
    'Get-VMMigrationNetwork | Select-Object Subnet, Priority',
  ]);
}

export function installHyperVModuleScript(host: string): string {
  return script(onHost(host), `the Hyper-V PowerShell module on ${commentText(host)}`, [
    '# Windows Server:',
    'Install-WindowsFeature -Name Hyper-V-PowerShell',
    '# Windows client: Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-Management-PowerShell',
  ]);
}

export function hyperVServiceScript(host: string): string {
  return script(onHost(host), `the Hyper-V role and its service on ${commentText(host)}`, [
    'Get-Service -Name vmms | Select-Object Name, Status, StartType',
    '# If the role is missing (restarts the host):',
    '# Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart',
  ]);
}

export function sshRemotingScript(host: string): string {
  return script(onHost(host), `PowerShell remoting over SSH on ${commentText(host)} (see docs/setup-ssh.md)`, [
    'Add-WindowsCapability -Online -Name OpenSSH.Server~~~~0.0.1.0',
    'Set-Service -Name sshd -StartupType Automatic',
    'Start-Service -Name sshd',
    '# In C:\\ProgramData\\ssh\\sshd_config add (8.3 path: sshd cannot take spaces there), then Restart-Service sshd:',
    '#   Subsystem powershell c:/progra~1/powershell/7/pwsh.exe -sshs -NoLogo',
  ]);
}

export function winrmRemotingScript(host: string): string {
  return script(onHost(host), `PowerShell remoting over WinRM on ${commentText(host)} (see docs/setup-winrm.md)`, [
    'Enable-PSRemoting -Force',
    'Get-NetFirewallRule -Name WINRM-HTTP-In-TCP* | Select-Object Name, Enabled, Profile',
  ]);
}

/** Kerberos constrained delegation: the source's computer account may delegate to these SPNs (only the missing ones). */
export function delegationScript(source: string, spns: readonly string[], protocolTransition: boolean): string {
  const lines: string[] = [];
  if (spns.length)
    lines.push(
      `Set-ADComputer -Identity ${quotePs(source)} -Add @{ 'msDS-AllowedToDelegateTo' = @(${spns.map(quotePs).join(', ')}) }`,
    );
  // "Use any authentication protocol": sessions that did not log on with Kerberos (SSH keys, NTLM) can delegate too.
  if (protocolTransition)
    lines.push(`Set-ADAccountControl -Identity ${quotePs(`${source}$`)} -TrustedToAuthForDelegation $true`);
  lines.push(
    `Get-ADComputer -Identity ${quotePs(source)} -Properties 'msDS-AllowedToDelegateTo', TrustedToAuthForDelegation | Select-Object Name, TrustedToAuthForDelegation, 'msDS-AllowedToDelegateTo'`,
    `# Takes effect with new Kerberos tickets: on ${commentText(source)} run  klist purge -li 0x3e7  (or wait up to 15 minutes).`,
  );
  return script(
    '# Run where the ActiveDirectory module is installed, as a user who may change computer accounts (e.g. Domain Admins).',
    `Kerberos constrained delegation of ${commentText(source)}'s computer account`,
    lines,
  );
}

/** Reading the delegation from a machine that can (when the host's own session could not). */
export function readDelegationScript(source: string): string {
  return script(
    '# Run where the ActiveDirectory module is installed (e.g. your workstation with RSAT).',
    `the Kerberos delegation of ${commentText(source)}`,
    [
      `Get-ADComputer -Identity ${quotePs(source)} -Properties 'msDS-AllowedToDelegateTo', TrustedToAuthForDelegation, TrustedForDelegation | Select-Object Name, TrustedToAuthForDelegation, TrustedForDelegation, 'msDS-AllowedToDelegateTo'`,
    ],
  );
}

/** Every fix script of a report in one text (the page's "Copy All Fixes"), each under the check it fixes. */
export function allFixesScript(
  checks: readonly {
    readonly id: string;
    readonly title: string;
    readonly summary: string;
    readonly fix?: { readonly script?: string };
  }[],
): string {
  const parts = checks
    .filter((c) => c.fix?.script)
    .map((c) => `# ===== ${commentText(c.id)}: ${commentText(c.summary)}\n${c.fix!.script!}`);
  return parts.length ? parts.join('\n') : '# Hyper-V Mobility: the readiness check found nothing to fix.\n';
}

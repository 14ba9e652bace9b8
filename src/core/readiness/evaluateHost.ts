/** The checks of one host: remoting, Hyper-V, live migration settings, CredSSP, firewall, directory, versions. */
import { compareVersions, connectionLabel, versionRange } from './readinessText';
import { plural } from '../format/words';
import type { HostReadinessFacts, MigrationFacts } from './facts';
import * as scripts from './fixScripts';
import { migrationFirewallRule, smbFirewallRule, type CheckBody, type HostInput, type ReadinessCheck } from './model';
import { authenticationChecks, directoryCheck, type HostContext } from './hostAuthenticationChecks';

export function hostChecks(input: HostInput, ctx: HostContext): ReadinessCheck[] {
  const host = input.name;
  const checks: CheckBody[] = [remoting(input)];
  if (input.answer.ok) checks.push(...answeredChecks(host, input, input.answer.facts, ctx));
  return checks.map(({ key, ...c }) => ({ ...c, id: `${host}/${c.area}${key ? `/${key}` : ''}` }));
}

function remoting(input: HostInput): CheckBody {
  const a = input.answer;
  const how = connectionLabel(input.connection);
  if (a.ok) {
    const s = a.facts.session;
    const seen = s.authenticationType ? ` The host saw a ${s.authenticationType} logon.` : '';
    return {
      area: 'remoting',
      title: 'Remoting',
      status: 'pass',
      summary: `Reached over ${how}; PowerShell ${s.psVersion} ${s.psEdition}`.trim(),
      detail: `${s.user ? `Runs as ${s.user}.` : ''}${seen}`.trim() || undefined,
    };
  }
  const summary: Record<typeof a.kind, string> = {
    unreachable: `Not reachable over ${how}: ${a.message}`,
    authentication: `The host refused the credentials (${how}): ${a.message}`,
    timeout: `No answer in time over ${how}`,
    busy: 'The check was not sent: the local PowerShell was busy with other requests until its time ran out',
    cancelled: 'The check was cancelled',
    process: `The local PowerShell failed: ${a.message}`,
    command: `The check failed on the host: ${a.message}`,
    notConfigured: a.message,
  };
  const fixText =
    a.kind === 'authentication'
      ? 'CheckBody the user name and password: Edit Connection… or Forget Password… on the host, then check again.'
      : input.connection?.transport === 'ssh'
        ? 'Install OpenSSH Server on the host and register PowerShell 7 as its "powershell" subsystem (docs/setup-ssh.md).'
        : 'Turn on PowerShell remoting over WinRM on the host and allow it through the firewall (docs/setup-winrm.md).';
  const script =
    a.kind === 'authentication' || a.kind === 'notConfigured'
      ? undefined
      : input.connection?.transport === 'ssh'
        ? scripts.sshRemotingScript(input.name)
        : scripts.winrmRemotingScript(input.name);
  return {
    area: 'remoting',
    title: 'Remoting',
    status: a.kind === 'cancelled' ? 'unknown' : 'fail',
    summary: summary[a.kind],
    detail: 'The other checks need an answer from the host.',
    fix: a.kind === 'cancelled' ? undefined : { text: fixText, script },
  };
}

function answeredChecks(host: string, input: HostInput, f: HostReadinessFacts, ctx: HostContext): CheckBody[] {
  const hv = f.hyperV;
  if (!hv.module) {
    return [
      {
        area: 'hyperV',
        title: 'Hyper-V',
        status: 'fail',
        summary: 'The Hyper-V PowerShell module is not installed',
        detail: 'Every move and every other Hyper-V check runs its cmdlets on this host.',
        fix: {
          text: 'Install the Hyper-V PowerShell module on the host.',
          script: scripts.installHyperVModuleScript(host),
        },
      },
      ...firewallChecks(host, f),
    ];
  }
  if (hv.problem || !hv.migration) {
    const why = hv.problem
      ? `${hv.problem.message}${hv.problem.errorId ? ` (${hv.problem.errorId})` : ''}`
      : 'no migration settings';
    return [
      {
        area: 'hyperV',
        title: 'Hyper-V',
        status: 'fail',
        summary: `Hyper-V did not answer: ${why}`,
        detail: 'The module is there; the role or its Virtual Machine Management service (vmms) may not be.',
        fix: {
          text: 'CheckBody that the Hyper-V role is installed and the vmms service runs.',
          script: scripts.hyperVServiceScript(host),
        },
      },
      ...firewallChecks(host, f),
    ];
  }
  const m = hv.migration;
  return [
    {
      area: 'hyperV',
      title: 'Hyper-V',
      status: 'pass',
      summary: `Hyper-V module ${hv.module}${hv.fqdn ? ` on ${hv.fqdn}` : ''}`,
    },
    migrationCheck(host, m),
    ...authenticationChecks(host, input, f, m, ctx),
    performanceCheck(m),
    networksCheck(host, m),
    limitsCheck(m),
    ...firewallChecks(host, f),
    ...(m.authenticationType === 'Kerberos' ? [directoryCheck(host, f)] : []),
    versionsCheck(f),
  ];
}

function migrationCheck(host: string, m: MigrationFacts): CheckBody {
  if (m.enabled)
    return {
      area: 'migration',
      title: 'Live migration',
      status: 'pass',
      summary: 'On: this host sends and receives live migrations',
    };
  return {
    area: 'migration',
    title: 'Live migration',
    status: 'fail',
    summary: 'Off: this host neither sends nor receives live migrations',
    fix: {
      text: `Turn on live migration on ${host} (Enable-VMMigration).`,
      script: scripts.enableMigrationScript(host),
      action: { label: `Turn On Live Migration on ${host}`, run: { kind: 'enableMigration', host } },
    },
  };
}

function performanceCheck(m: MigrationFacts): CheckBody {
  const words: Record<string, string> = {
    Compression: 'Compression: memory is compressed on the way (the default)',
    TCPIP: 'TCP/IP: memory goes uncompressed; Compression is usually faster below 10 Gbit/s',
    SMB: 'SMB: memory goes over SMB (SMB Direct where the network has RDMA); destinations need TCP 445 open',
  };
  return {
    area: 'performance',
    title: 'Performance option',
    status: 'info',
    summary: words[m.performanceOption] ?? m.performanceOption,
  };
}

function networksCheck(host: string, m: MigrationFacts): CheckBody {
  if (m.useAnyNetwork) return { area: 'networks', title: 'Migration networks', status: 'pass', summary: 'Any network' };
  if (m.networks.length) {
    const nets = m.networks.map((n) => (n.priority === undefined ? n.subnet : `${n.subnet} (priority ${n.priority})`));
    return { area: 'networks', title: 'Migration networks', status: 'pass', summary: nets.join(', ') };
  }
  return {
    area: 'networks',
    title: 'Migration networks',
    status: 'fail',
    summary: 'No network may carry incoming live migrations',
    detail: 'UseAnyNetworkForMigration is off and no migration network is listed.',
    fix: {
      text: `Add the migration subnet on ${host} (Add-VMMigrationNetwork), or let live migration use any network.`,
      script: scripts.networksScript(host),
    },
  };
}

function limitsCheck(m: MigrationFacts): CheckBody {
  const cluster = m.clusterMaximumParallelMigrations;
  const live = cluster ?? m.maximumVirtualMachineMigrations;
  const summary = `${plural(live, 'live migration')} and ${plural(m.maximumStorageMigrations, 'storage migration')} at once${cluster === undefined ? '' : " (the live limit is the cluster's MaximumParallelMigrations)"}`;
  const stuck = live === 0 || m.maximumStorageMigrations === 0;
  return {
    area: 'limits',
    title: 'Simultaneous migrations',
    status: stuck ? 'warn' : 'info',
    summary,
    detail: stuck ? 'A limit of 0 leaves moves waiting.' : undefined,
  };
}

function firewallChecks(host: string, f: HostReadinessFacts): CheckBody[] {
  if (!f.firewall.read) {
    return [
      {
        area: 'firewall',
        title: 'Firewall',
        status: 'unknown',
        summary: `The firewall rules could not be read: ${f.firewall.problem?.message ?? 'no answer'}`,
      },
    ];
  }
  const rules = [
    {
      name: migrationFirewallRule,
      title: 'Firewall: live migration (TCP 6600)',
      blocking: true,
      why: 'live migrations into this host are blocked',
    },
    {
      name: smbFirewallRule,
      title: 'Firewall: SMB (TCP 445)',
      blocking: false,
      why: "storage copied over SMB, the SMB performance option and VM files on this host's shares are blocked",
    },
  ];
  return rules.map((r): CheckBody => {
    const fact = f.firewall.rules.find((x) => x.name === r.name);
    const shown = fact?.displayName ?? r.name;
    if (fact?.enabled)
      return { area: 'firewall', key: r.name, title: r.title, status: 'pass', summary: `${shown} is enabled` };
    const script = scripts.enableFirewallRuleScript(host, r.name);
    if (!fact?.present) {
      return {
        area: 'firewall',
        key: r.name,
        title: r.title,
        status: r.blocking ? 'fail' : 'warn',
        summary: `There is no firewall rule ${r.name} here`,
        detail: `Without an inbound rule, ${r.why}.`,
        fix: { text: `Allow the traffic inbound on ${host} with a rule of your own.` },
      };
    }
    return {
      area: 'firewall',
      key: r.name,
      title: r.title,
      status: r.blocking ? 'fail' : 'warn',
      summary: `${shown} is disabled: ${r.why}`,
      fix: {
        text: `Enable the rule ${shown} on ${host}.`,
        script,
        action: { label: `Enable ${shown} on ${host}`, run: { kind: 'enableFirewallRule', host, rule: r.name } },
      },
    };
  });
}

function versionsCheck(f: HostReadinessFacts): CheckBody {
  const hv = f.hyperV;
  const vms = [...hv.vmVersions]
    .sort((a, b) => compareVersions(a.version, b.version))
    .map((v) => `${v.version} ×${v.count}`);
  return {
    area: 'versions',
    title: 'Configuration versions',
    status: 'info',
    summary: `Runs ${versionRange(hv.supportedVersions)}${hv.defaultVersion ? ` (new VMs ${hv.defaultVersion})` : ''}; VMs here: ${vms.length ? vms.join(', ') : 'none'}`,
  };
}

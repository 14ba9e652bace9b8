/**
 * The checks of one ordered pair, source → destination: how the source authenticates to the destination (Kerberos
 * constrained delegation of both services, or a CredSSP session), whether the destination accepts live migrations,
 * and whether it runs the configuration versions of the source's VMs.
 */
import { compareVersions, connectionLabel, sessionCarriesCredentials, versionRange } from './readinessText';
import { listAll, plural } from '../format/words';
import type { HostReadinessFacts, MigrationFacts } from './facts';
import { delegationScript } from './fixScripts';
import {
  migrationFirewallRule,
  migrationServiceClass,
  type CheckBody,
  type ConnectionFacts,
  type ReadinessCheck,
  type ReadinessFix,
} from './model';
import { nameKey, sameName } from '../names';

/** A host that answered with Hyper-V facts. */
export interface AnsweredHost {
  readonly name: string;
  readonly connection?: ConnectionFacts;
  readonly facts: HostReadinessFacts;
  readonly migration: MigrationFacts;
}

export interface PairContext {
  /** A host whose session could read Active Directory with the ActiveDirectory module: it can also write there. */
  readonly directoryWriter?: string;
}

const services = [
  { spn: migrationServiceClass, label: 'Microsoft Virtual System Migration Service' },
  { spn: 'cifs', label: 'cifs' },
] as const;

export function pairChecks(src: AnsweredHost, dst: AnsweredHost, ctx: PairContext): ReadinessCheck[] {
  const id = (area: string): string => `${src.name}>${dst.name}/${area}`;
  const cluster = src.facts.hyperV.cluster;
  if (cluster && sameName(cluster, dst.facts.hyperV.cluster)) {
    return [
      {
        id: id('cluster'),
        area: 'cluster',
        title: 'Cluster',
        status: 'info',
        summary: `Both are nodes of ${cluster}: moves between them are clustered live migrations, made by the cluster`,
      },
    ];
  }
  return [
    {
      id: id(src.migration.authenticationType === 'Kerberos' ? 'delegation' : 'authentication'),
      ...authentication(src, dst, ctx),
    },
    { id: id('destination'), ...destination(dst) },
    { id: id('versions'), ...versions(src, dst) },
  ];
}

function authentication(src: AnsweredHost, dst: AnsweredHost, ctx: PairContext): CheckBody {
  const auth = src.migration.authenticationType;
  if (auth === 'Kerberos') return delegation(src, dst, ctx);
  const ok = sessionCarriesCredentials(src.connection, src.facts.session.authenticationType);
  return {
    area: 'authentication',
    title: 'Authentication',
    status: ok ? 'pass' : 'fail',
    summary: ok
      ? `CredSSP: the session on ${src.name} holds your credentials for ${dst.name}`
      : `CredSSP: the session on ${src.name} (${connectionLabel(src.connection)}) does not hold your credentials, so ${src.name} cannot authenticate to ${dst.name}`,
    detail: ok ? undefined : `See ${src.name}'s CredSSP check for the fix.`,
  };
}

/** The SPNs of a destination, by the name the product uses and by its FQDN. */
function spnsOf(dst: AnsweredHost): { service: (typeof services)[number]; name: string; byName: boolean }[] {
  const names = [
    dst.name,
    ...(dst.facts.hyperV.fqdn && !sameName(dst.facts.hyperV.fqdn, dst.name) ? [dst.facts.hyperV.fqdn] : []),
  ];
  return services.flatMap((service) =>
    names.map((n, i) => ({ service, name: `${service.spn}/${n}`, byName: i === 0 })),
  );
}

function delegation(src: AnsweredHost, dst: AnsweredHost, ctx: PairContext): CheckBody {
  const d = src.facts.directory;
  const all = spnsOf(dst);
  const title = 'Kerberos delegation';
  if (!d.read) return delegationNotRead(src, dst, all);
  if (d.trustedForDelegation)
    return {
      area: 'delegation',
      title,
      status: 'pass',
      summary: `${src.name} is trusted for delegation to any service, ${dst.name} included`,
    };
  const have = new Set(d.allowedToDelegateTo.map(nameKey));
  const missing = all.filter((s) => !have.has(nameKey(s.name)));
  const blocked = services.filter((svc) => missing.some((m) => m.service === svc && m.byName));
  const sshNeedsTransition = !d.trustedToAuthForDelegation && src.connection?.transport === 'ssh';
  const problems: string[] = [];
  if (blocked.length)
    problems.push(`${src.name} may not delegate ${listAll(blocked.map((s) => s.label))} to ${dst.name}`);
  if (!d.trustedToAuthForDelegation)
    problems.push(
      `delegation is limited to Kerberos logons${sshNeedsTransition ? `, and this ${connectionLabel(src.connection)} session is not one` : ''}`,
    );
  const onlyFqdn = missing.filter((m) => !blocked.includes(m.service));
  const status =
    blocked.length || sshNeedsTransition ? 'fail' : missing.length || !d.trustedToAuthForDelegation ? 'warn' : 'pass';
  if (status === 'pass')
    return {
      area: 'delegation',
      title,
      status,
      summary: `${src.name} may delegate ${listAll(services.map((s) => s.label))} to ${dst.name}`,
    };
  if (!problems.length)
    problems.push(
      `${listAll(onlyFqdn.map((m) => m.name))} ${onlyFqdn.length === 1 ? 'is' : 'are'} missing: a move that names ${dst.name} by that name would fail`,
    );
  return {
    area: 'delegation',
    title,
    status,
    summary: `${problems.join('; ')}${status === 'fail' ? `: moves ${src.name} → ${dst.name} fail with 0x8009030E` : ''}`,
    detail:
      'The move runs on the source host and authenticates to the destination as you: its computer account needs constrained delegation to the destination\'s Microsoft Virtual System Migration Service and cifs, with "use any authentication protocol" for sessions that did not log on with Kerberos.',
    fix: delegationFix(
      src,
      dst,
      missing.map((m) => m.name),
      !d.trustedToAuthForDelegation,
      ctx,
    ),
  };
}

/** The source could not read its own computer account: the pair cannot be judged, the script checks and fixes it. */
function delegationNotRead(src: AnsweredHost, dst: AnsweredHost, all: readonly { readonly name: string }[]): CheckBody {
  return {
    area: 'delegation',
    title: 'Kerberos delegation',
    status: 'unknown',
    summary: `Not known: ${src.name}'s computer account could not be read (see ${src.name})`,
    fix: {
      text: `Make sure ${src.name}'s computer account may delegate ${services.map((s) => s.label).join(' and ')} to ${dst.name}.`,
      script: delegationScript(
        src.name,
        all.map((s) => s.name),
        true,
      ),
    },
  };
}

function delegationFix(
  src: AnsweredHost,
  dst: AnsweredHost,
  spns: readonly string[],
  protocolTransition: boolean,
  ctx: PairContext,
): ReadinessFix {
  const text = `In Active Directory, let ${src.name}'s computer account delegate to ${dst.name}${protocolTransition ? ' with any authentication protocol' : ''}.`;
  const script = delegationScript(src.name, spns, protocolTransition);
  const runOn = ctx.directoryWriter;
  if (!runOn) return { text, script };
  const confirm = [
    `This changes ${src.name}'s computer account in Active Directory:`,
    ...(spns.length ? [`it may delegate to ${spns.join(', ')}`] : []),
    ...(protocolTransition ? ['and may use any authentication protocol (protocol transition)'] : []),
    `The change runs on ${runOn} and needs rights to change computer accounts (e.g. Domain Admins).`,
  ].join('\n');
  return {
    text,
    script,
    action: {
      label: `Let ${src.name} Delegate to ${dst.name}`,
      run: { kind: 'addDelegation', runOn, account: src.name, spns, protocolTransition },
      confirm,
    },
  };
}

function destination(dst: AnsweredHost): CheckBody {
  const m = dst.migration;
  const rule = dst.facts.firewall.rules.find((r) => r.name === migrationFirewallRule);
  const reasons = [
    ...(m.enabled ? [] : ['live migration is off']),
    ...(dst.facts.firewall.read && !rule?.enabled ? ['its firewall blocks TCP 6600'] : []),
    ...(m.useAnyNetwork || m.networks.length ? [] : ['no network may carry live migrations']),
  ];
  if (!reasons.length)
    return {
      area: 'destination',
      title: 'Destination',
      status: 'pass',
      summary: `${dst.name} accepts live migrations`,
    };
  return {
    area: 'destination',
    title: 'Destination',
    status: 'fail',
    summary: `${dst.name} does not accept live migrations: ${listAll(reasons)}`,
    detail: `The fixes are in ${dst.name}'s checks.`,
  };
}

function versions(src: AnsweredHost, dst: AnsweredHost): CheckBody {
  const supported = new Set(dst.facts.hyperV.supportedVersions);
  const vms = src.facts.hyperV.vmVersions;
  const title = 'Configuration versions';
  if (!vms.length) return { area: 'versions', title, status: 'pass', summary: `No VMs on ${src.name}` };
  const unsupported = vms
    .filter((v) => !supported.has(v.version))
    .sort((a, b) => compareVersions(a.version, b.version));
  const range = versionRange(dst.facts.hyperV.supportedVersions);
  if (!unsupported.length)
    return {
      area: 'versions',
      title,
      status: 'pass',
      summary: `${dst.name} (${range}) runs every configuration version of ${src.name}'s VMs`,
    };
  const count = unsupported.reduce((n, v) => n + v.count, 0);
  return {
    area: 'versions',
    title,
    status: 'warn',
    summary: `${plural(count, 'VM')} on ${src.name} (version ${listAll(unsupported.map((v) => v.version))}) cannot run on ${dst.name} (${range})`,
    fix: { text: 'Move those VMs to hosts that run their version: a configuration version cannot be lowered.' },
  };
}

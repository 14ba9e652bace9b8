import { connectionLabel, sessionCarriesCredentials } from './readinessText';
import { listAll } from '../format/words';
import type { HostReadinessFacts, MigrationFacts } from './facts';
import * as scripts from './fixScripts';
import type { CheckBody, HostInput } from './model';

// A host's authentication checks: its live migration authentication beside the other hosts', whether a CredSSP
// session can carry the user's credentials, and what the host reads of its delegation in Active Directory.

/** What a host's checks need to know about the others in the same request. */
export interface HostContext {
  /** Live migration authentication type of every host that answered. */
  readonly authentication: ReadonlyMap<string, string>;
}

export function authenticationChecks(
  host: string,
  input: HostInput,
  f: HostReadinessFacts,
  m: MigrationFacts,
  ctx: HostContext,
): CheckBody[] {
  const auth = m.authenticationType;
  const kerberosHosts = [...ctx.authentication].filter(([h, a]) => a === 'Kerberos' && h !== host).map(([h]) => h);
  const useKerberos = { label: `Use Kerberos on ${host}`, run: { kind: 'useKerberos', host } } as const;
  const checks: CheckBody[] = [];
  if (auth === 'CredSSP' && kerberosHosts.length) {
    checks.push({
      area: 'authentication',
      title: 'Authentication',
      status: 'warn',
      summary: `CredSSP here, Kerberos on ${listAll(kerberosHosts)}`,
      detail: 'Both ends of a move should use the same authentication type.',
      fix: {
        text: `Use Kerberos on ${host} too, with constrained delegation.`,
        script: scripts.useKerberosScript(host),
        action: useKerberos,
      },
    });
  } else {
    const why =
      auth === 'Kerberos'
        ? 'each source host needs constrained delegation to each destination (the pair checks below)'
        : 'moves must be started in a session that holds your credentials';
    checks.push({ area: 'authentication', title: 'Authentication', status: 'info', summary: `${auth}: ${why}` });
  }
  if (auth !== 'CredSSP') return checks;
  if (sessionCarriesCredentials(input.connection, f.session.authenticationType)) {
    checks.push({
      area: 'credssp',
      title: 'CredSSP session',
      status: 'pass',
      summary:
        'This session holds your credentials (WinRM with CredSSP): moves started here can authenticate to the destination',
      detail: 'A move back needs the same on the other host.',
    });
  } else {
    checks.push({
      area: 'credssp',
      title: 'CredSSP session',
      status: 'fail',
      summary: `Moves from ${host} would fail with 0x8009030E: this session (${connectionLabel(input.connection)}) does not hold your credentials`,
      detail:
        'With CredSSP the source host authenticates to the destination as the user who started the move, with credentials it must hold. Only a WinRM session with CredSSP authentication (or a console logon) has them. Windows Server 2025 turns on Credential Guard, which blocks CredSSP live migration.',
      fix: {
        text: `Use Kerberos with constrained delegation on ${host}, or connect to it over WinRM with CredSSP.`,
        script: scripts.credSspSessionScript(host),
        action: useKerberos,
      },
    });
  }
  return checks;
}

export function directoryCheck(host: string, f: HostReadinessFacts): CheckBody {
  const d = f.directory;
  if (!d.read) {
    return {
      area: 'directory',
      title: 'Active Directory',
      status: 'unknown',
      summary: `This host could not read its delegation from Active Directory: ${d.problem?.message ?? 'no answer'}`,
      detail:
        'Reading the directory from a remote session is itself a second hop: a session that holds no credentials (a Kerberos or NTLM network logon, an SSH key) cannot authenticate to a domain controller. The delegation checks below cannot tell; read it from a machine that can.',
      fix: {
        text: 'Read the delegation where the ActiveDirectory module can reach a domain controller.',
        script: scripts.readDelegationScript(host),
      },
    };
  }
  const via = d.source === 'ADSI' ? 'ADSI' : 'the ActiveDirectory module';
  if (d.trustedForDelegation) {
    return {
      area: 'directory',
      title: 'Active Directory',
      status: 'warn',
      summary: `${d.account ?? host} is trusted for delegation to any service (unconstrained)`,
      detail:
        'Moves work, but any service on this host may impersonate users anywhere; constrained delegation to the migration service and cifs is enough.',
    };
  }
  return {
    area: 'directory',
    title: 'Active Directory',
    status: 'pass',
    summary: `Delegation of ${d.account ?? host} read through ${via}`,
  };
}

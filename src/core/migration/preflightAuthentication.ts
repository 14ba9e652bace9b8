import type { PreflightItem } from './preflight';
import type { AnsweredFacts } from './preflightFacts';
import { movingStep } from './planSteps';
import { nameKey } from '../names';

// The preflight's authentication checks: whether the source host may authenticate the move to the destination.

const migrationServiceSpn = 'Microsoft Virtual System Migration Service';

/** Authentication only matters for moves between hosts that Hyper-V itself authenticates (not cluster-internal). */
export function checkAuthentication(f: AnsweredFacts): PreflightItem[] {
  if (movingStep(f.plan).action !== 'moveVm') return [];
  const { plan, src, dst } = f;
  const auth = src.host.authenticationType;
  const dstName = plan.destinationHost;
  const items: PreflightItem[] = [];
  if (dst.host.authenticationType && auth && dst.host.authenticationType !== auth) {
    items.push({
      check: 'authentication',
      severity: 'warning',
      host: dstName,
      title: `Authentication differs: ${plan.sourceHost} uses ${auth}, ${dstName} ${dst.host.authenticationType}`,
      reason: 'Both hosts should use the same live migration authentication type.',
    });
  }
  if (auth === 'CredSSP') return [...items, ...checkCredSsp(f)];
  if (auth === 'Kerberos') return [...items, ...checkDelegation(f)];
  return items;
}

/** CredSSP: the user's credentials must be on the source, which only a WinRM session with CredSSP puts there. */
function checkCredSsp({ plan, sourceConnection: conn }: AnsweredFacts): PreflightItem[] {
  const viaCredSsp = conn?.transport === 'wsman' && conn.authentication === 'CredSSP';
  if (viaCredSsp) return [];
  return [
    {
      check: 'authentication',
      severity: 'error',
      host: plan.sourceHost,
      title: `${plan.sourceHost} uses CredSSP, which needs the move started on the source`,
      reason: `With CredSSP the source host authenticates to ${plan.destinationHost} with your own credentials, so they must be on the source: this connection (${conn?.transport ?? 'unknown'}${conn?.authentication ? ` / ${conn.authentication}` : ''}) does not put them there and the move would fail with 0x8009030E "No credentials are available in the security package".`,
      fix: {
        kind: 'manual',
        text: `Connect to ${plan.sourceHost} over WinRM with CredSSP authentication, or switch both hosts to Kerberos with constrained delegation.`,
      },
    },
  ];
}

/** Kerberos: the source's computer account must delegate the migration service (and cifs, for files) to the target. */
function checkDelegation({ plan, src, dst, movesStorage }: AnsweredFacts): PreflightItem[] {
  const dstName = plan.destinationHost;
  const fqdn = dst.host.fullyQualifiedDomainName;
  const names = [dstName, ...(fqdn ? [fqdn] : [])];
  const needed = [migrationServiceSpn, ...(movesStorage ? ['cifs'] : [])];
  const spnList = needed.flatMap((svc) => names.map((n) => `${svc}/${n}`));
  const text = `On ${plan.sourceHost}'s computer account in Active Directory: trust for delegation to specified services only (use any authentication protocol), adding ${spnList.join(', ')}.`;
  if (src.delegation === undefined) {
    return [
      {
        check: 'delegation',
        severity: 'warning',
        host: plan.sourceHost,
        title: 'Kerberos delegation could not be read',
        reason: `Could not read ${plan.sourceHost}'s delegation from Active Directory; Kerberos moves need constrained delegation of ${needed.join(' and ')} to ${dstName}.`,
        fix: { kind: 'manual', text },
      },
    ];
  }
  const have = src.delegation.map(nameKey);
  const missing = needed.filter((svc) => !names.some((n) => have.includes(nameKey(`${svc}/${n}`))));
  if (!missing.length) return [];
  return [
    {
      check: 'delegation',
      severity: 'error',
      host: plan.sourceHost,
      title: `${plan.sourceHost} may not delegate to ${dstName}`,
      reason: `Kerberos constrained delegation of ${missing.join(' and ')} to ${dstName} is missing.`,
      fix: { kind: 'manual', text },
    },
  ];
}

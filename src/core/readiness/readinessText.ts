/** Words for the readiness report: how a host is reached, version lists, SPN names. */
import type { ConnectionFacts } from './model';

export function connectionLabel(c: ConnectionFacts | undefined): string {
  if (!c) return 'no configured connection';
  if (c.transport === 'ssh') return `SSH${c.port ? ` port ${c.port}` : ''}${c.userName ? ` as ${c.userName}` : ''}`;
  if (c.transport === 'wsman')
    return `WinRM (${c.authentication ?? 'Default'})${c.port ? ` port ${c.port}` : ''}${c.userName ? ` as ${c.userName}` : ''}`;
  return 'this machine';
}

/** Whether the session on a host holds the user's credentials, so the host can pass them on (CredSSP moves). */
export function sessionCarriesCredentials(
  c: ConnectionFacts | undefined,
  sessionAuthentication: string | undefined,
): boolean {
  if (sessionAuthentication?.toLowerCase() === 'credssp') return true;
  return c?.transport === 'wsman' && c.authentication === 'CredSSP';
}

function versionKey(v: string): number[] {
  return v.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

export function compareVersions(a: string, b: string): number {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** "8.0 – 10.0 (9 versions)" for a sorted list; one version alone as itself. */
export function versionRange(versions: readonly string[]): string {
  const sorted = [...versions].sort(compareVersions);
  if (sorted.length === 0) return 'none';
  if (sorted.length === 1) return sorted[0]!;
  return `${sorted[0]!} – ${sorted[sorted.length - 1]!}`;
}

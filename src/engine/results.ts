import type { HostOperation } from '../contract/hostOperation';
import { classifyError, linesAbout, redact, simpleError } from './errors';
import { parseBootstrapResult, type ParsedOutput, type RawHostResult } from './response';
import type { HostErrorInfo, HostResult, HostTarget } from '../contract/hostRunner';
import { errorMessage } from '../contract/errorMessage';

export interface ResultInput<R> {
  readonly operation: HostOperation<R>;
  readonly targets: readonly HostTarget[];
  readonly output: ParsedOutput;
  /** ssh's own messages during the request (from the ssh guard's log). */
  readonly sshLines: readonly string[];
  readonly secrets: readonly string[];
}

/** Each host's result from the dispatcher's answer. One host's odd answer fails that host alone. */
export function toResults<R>(input: ResultInput<R>): HostResult<R>[] {
  const { operation, targets, output, secrets } = input;
  const script = operation.script.name;
  const { response } = output;
  if (!response.ok) {
    return targets.map((t) => ({
      host: t.connection.name,
      ok: false,
      durationMs: 0,
      error: classifyError({
        host: t.connection.name,
        script,
        error: { ...response.error, stage: 'dispatcher', outcomeUnknown: true },
        fromScript: false,
        secrets,
      }),
    }));
  }
  const hintsFor = sshHints(targets, response.results, [...input.sshLines, ...output.strayLines]);
  return targets.map((target, index): HostResult<R> => {
    const name = target.connection.name;
    const raw = response.results.find((r) => r.index === index);
    if (!raw) {
      return {
        host: name,
        ok: false,
        durationMs: 0,
        error: simpleError(name, script, 'process', 'The dispatcher gave no answer for this host.', true),
      };
    }
    if (!raw.ok) {
      return {
        host: name,
        ok: false,
        durationMs: raw.ms,
        error: classifyError({
          host: name,
          script,
          error: raw.error,
          fromScript: false,
          hints: hintsFor(index),
          secrets,
        }),
      };
    }
    try {
      return hostAnswer(operation, name, raw, secrets);
    } catch (error) {
      return { host: name, ok: false, durationMs: raw.ms, error: malformed(name, script, error, secrets) };
    }
  });
}

function hostAnswer<R>(
  operation: HostOperation<R>,
  name: string,
  raw: Extract<RawHostResult, { ok: true }>,
  secrets: readonly string[],
): HostResult<R> {
  const script = operation.script.name;
  const fromHost = parseBootstrapResult(raw.json);
  if (!fromHost.ok) {
    return {
      host: name,
      ok: false,
      durationMs: raw.ms,
      error: classifyError({ host: name, script, error: fromHost, fromScript: true, secrets }),
    };
  }
  try {
    return { host: name, ok: true, value: operation.parse(fromHost.value), durationMs: raw.ms };
  } catch (error) {
    const message = `Unexpected output from ${script} on ${name}: ${errorMessage(error)}`;
    return {
      host: name,
      ok: false,
      durationMs: raw.ms,
      error: {
        ...simpleError(name, script, 'command', redact(message, secrets)),
        fullyQualifiedErrorId: 'UnexpectedOutput',
      },
    };
  }
}

/** The host's answer could not be read at all (not JSON, an unknown shape). */
function malformed(name: string, script: string, error: unknown, secrets: readonly string[]): HostErrorInfo {
  const why = errorMessage(error);
  const message = `${name} sent a malformed answer to ${script}: ${why} Whatever the script did there, its result is unknown.`;
  return {
    ...simpleError(name, script, 'command', redact(message, secrets), true),
    fullyQualifiedErrorId: 'MalformedAnswer',
  };
}

/**
 * ssh's own lines for each failed ssh host. ssh names the address it dialled, which for a host reached by a name
 * (resolved by DNS or an ssh config) we do not know: lines that name no target go to the one ssh host that failed
 * without lines of its own, when there is exactly one.
 */
function sshHints(
  targets: readonly HostTarget[],
  results: readonly { readonly index: number; readonly ok: boolean }[],
  lines: readonly string[],
): (index: number) => string[] {
  const failed = targets
    .map((t, index) => ({ t, index }))
    .filter(({ t, index }) => t.connection.transport === 'ssh' && results.some((r) => r.index === index && !r.ok));
  const own = new Map(failed.map(({ t, index }) => [index, linesAbout(t.connection, lines)]));
  const claimed = new Set(
    targets.filter((t) => t.connection.transport === 'ssh').flatMap((t) => linesAbout(t.connection, lines)),
  );
  const orphans = lines.filter(
    (l) => !claimed.has(l) && /^ssh: |: Permission denied|Connection (refused|timed out|closed)/i.test(l),
  );
  const without = failed.filter(({ index }) => (own.get(index) ?? []).length === 0);
  if (orphans.length > 0 && without.length === 1) own.set(without[0]!.index, orphans);
  return (index) => own.get(index) ?? [];
}

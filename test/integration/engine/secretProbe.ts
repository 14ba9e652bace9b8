// Run by secretLogging.lab.test.ts in its own Node process (so DEBUG=* reaches node-powershell's debug logging, and
// PowerShell's syslog reaches the test): the real engine runs requests that carry a password, on both lanes, then is
// disposed. Input (JSON on stdin, never in the environment or arguments): the PowerShell to use and the targets.
// Output: one line `@@PROBE@@{...}` with every result and every request log entry.
import '../../setup';
import { createPowerShellEngine } from '../../../src/engine';
import type { HostTarget, RequestLogEntry } from '../../../src/contract/hostRunner';
import { operation } from './hostScripts';

interface ProbeInput {
  readonly powershellPath: string;
  readonly targets: HostTarget[];
}

async function main(): Promise<void> {
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString('utf8');
  const input = JSON.parse(text) as ProbeInput;
  const log: RequestLogEntry[] = [];
  const engine = createPowerShellEngine({
    powershellPath: input.powershellPath,
    logger: { log: (e) => log.push(e) },
    openTimeoutMs: 180_000,
    defaultTimeoutMs: 180_000,
  });
  const whoami = operation<unknown>('whoami-host.ps1');
  const results = [
    // Together: the urgent request finds the default lane busy and runs on the urgent lane's own PowerShell.
    ...(await Promise.all([engine.run(whoami, input.targets), engine.run(whoami, input.targets, { lane: 'urgent' })])),
    // Again: the WinRM host's session never opened, so its credential is fetched once more.
    await engine.run(whoami, input.targets),
  ];
  await engine.dispose();
  process.stdout.write(`@@PROBE@@${JSON.stringify({ results, log })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`probe failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

// Migration polls while a refresh waits on a dead host, through the real engine and the real MigrationTracker over
// SSH against the lab. The dead host is a hung one (its sshd stopped with SIGSTOP: connections are accepted and never
// answered), which is worse than a refused one: nothing fails fast.
//   poll_delay_behind_dead_host_ms   median extra time a tracker tick (poll of a live host, urgent lane) takes while a
//                                    refresh that includes the hung host is in flight, over the same tick alone
//                                    (target <= 100)
//   poll_alone_ms                    median tick alone (warm), before and after
//   poll_during_dead_refresh_ms      median tick while that refresh is in flight
//   poll_delay_same_lane_ms          the same poll sent on the refresh's lane instead (what polls did before lanes):
//                                    how long it waited behind the refresh
//   refresh_with_hung_host_ms        the refresh itself, hung host included (request timeout 20 s)
//   refresh_with_held_host_ms        the first refresh once the hung host is held back (3 failed connects in a row)
import { MigrationTracker } from '../src/app/migration/migrationTracker';
import { systemClock } from '../src/core/clock';
import { pollMigrations } from '../src/core/migration/operations/pollMigrations';
import { createPowerShellEngine } from '../src/engine';
import type { HostTarget } from '../src/contract/hostRunner';
import { operation } from '../test/integration/engine/hostScripts';
import { PWSH, startLab } from '../test/support/lab';

const HOSTS = ['POLL-1', 'POLL-2', 'POLL-3', 'POLL-4', 'POLL-DEAD'];
const REFRESH_TIMEOUT_MS = 20_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export default async function pollsBench(): Promise<Record<string, number>> {
  const lab = await startLab({
    topology: {
      lab: { migrationBandwidthMBps: 1000, latencyMs: 0 },
      hosts: HOSTS.map((name, i) => ({ name, address: `127.0.0.${51 + i}`, os: '2022' })),
      clusters: [],
      vms: [],
    },
  });
  const engine = createPowerShellEngine({ powershellPath: PWSH, openTimeoutMs: 180_000, defaultTimeoutMs: 180_000 });
  const say = (text: string): boolean => process.stdout.write(`  ${new Date().toISOString()} ${text}\n`);
  try {
    const target = (host: string): Promise<HostTarget> => Promise.resolve({ connection: lab.connectionFor(host) });
    const all = await Promise.all(HOSTS.map(target));
    const refresh = operation('whoami-host.ps1');
    const ok = (results: readonly { ok: boolean }[], n: number): void => {
      if (results.filter((r) => r.ok).length < n) throw new Error(`expected ${n} answers: ${JSON.stringify(results)}`);
    };
    // Warm: the refresh's sessions on the default lane, the tracker's on the urgent lane.
    ok(await engine.run(refresh, all), HOSTS.length);
    let errors = 0;
    const tracker = new MigrationTracker({
      runner: () => engine,
      target,
      clock: systemClock,
      intervalMs: 3_600_000,
      minIntervalMs: 3_600_000,
      timeoutMs: 60_000,
    });
    tracker.watch({ host: 'POLL-1', onSnapshot: () => undefined, onError: () => errors++ });
    for (let i = 0; i < 3; i++) await tracker.tick();
    const ticks = async (n: number, into: number[]): Promise<void> => {
      for (let i = 0; i < n; i++) into.push(await timed(() => tracker.tick()));
    };
    // Ticks alone before and after, so a machine whose load drifts does not bias the difference.
    const alone: number[] = [];
    await ticks(15, alone);

    await lab.hangHost('POLL-DEAD');
    say('POLL-DEAD hung');
    // Its cached session hangs mid-run: the refresh waits its whole time on it.
    const during: number[] = [];
    let refreshMs = 0;
    let done = false;
    const inFlight = timed(() => engine.run(refresh, all, { timeoutMs: REFRESH_TIMEOUT_MS })).then((ms) => {
      refreshMs = ms;
      done = true;
    });
    // The live hosts have answered by then; what remains is the wait on the hung one.
    await new Promise((r) => setTimeout(r, 2_000));
    while (!done && during.length < 40) {
      during.push(await timed(() => tracker.tick()));
      await new Promise((r) => setTimeout(r, 200));
    }
    await inFlight;
    await ticks(15, alone);
    say(
      `tick alone: median ${median(alone).toFixed(1)} ms; during the refresh: median ${median(during).toFixed(1)} ms over ${during.length}; the refresh took ${refreshMs.toFixed(0)} ms`,
    );

    // The same poll on the refresh's lane, as before lanes existed.
    const second = timed(() => engine.run(refresh, all, { timeoutMs: REFRESH_TIMEOUT_MS }));
    await new Promise((r) => setTimeout(r, 500));
    const sameLane = await timed(() => engine.run(pollMigrations(), [all[0]!], { timeoutMs: 60_000 }));
    await second;
    say(`poll on the same lane: ${sameLane.toFixed(0)} ms`);

    // Refreshes until the hung host is held back (three failed connects in a row), then one with it held.
    let held = 0;
    for (let i = 0; i < 5 && held === 0; i++) {
      let message = '';
      const ms = await timed(async () => {
        const results = await engine.run(refresh, all, { timeoutMs: REFRESH_TIMEOUT_MS });
        const dead = results[HOSTS.length - 1];
        message = dead && !dead.ok ? dead.error.message : '';
      });
      if (message.startsWith('Not tried again')) held = ms;
    }
    say(`refresh with the host held back: ${held.toFixed(0)} ms`);
    if (errors > 0) throw new Error(`${errors} tracker polls failed`);
    tracker.dispose();
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    return {
      poll_delay_behind_dead_host_ms: round(Math.max(0, median(during) - median(alone))),
      poll_alone_ms: round(median(alone)),
      poll_during_dead_refresh_ms: round(median(during)),
      poll_delay_same_lane_ms: Math.round(sameLane),
      refresh_with_hung_host_ms: Math.round(refreshMs),
      refresh_with_held_host_ms: Math.round(held),
    };
  } finally {
    await lab.startHost('POLL-DEAD').catch(() => undefined);
    await engine.dispose();
    await lab.stop();
  }
}

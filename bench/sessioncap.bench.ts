// The session limit (hypervMobility.maxOpenSessions) measured: what it saves in memory and what it costs in time.
//   client_pss_mb_50_hosts_uncapped   PSS of the product's pwsh and everything below it, 50 hosts refreshed, no limit
//   client_pss_mb_50_hosts_cap_25     the same with maxOpenSessions 25: 25 sessions kept, the rest opened per refresh
//   client_pss_mb_per_kept_session    (uncapped − capped) ÷ 25: what one kept session costs
//   client_pss_mb_500_hosts_cap_250   the capped figure plus 225 kept sessions: 500 hosts with the default limit
//                                     (target ≤ 1024: an admin's workstation)
//   refresh_50_cap_25_ms, refresh_50_uncapped_ms, refresh_50_cap_25_ratio
//                                     a warm refresh of the 50 hosts with and without the limit, interleaved, lab
//                                     latency 200 ms: what reopening 25 sessions per refresh costs
//   product_cpu_ms_per_host_refresh_cap_25
//                                     the product's CPU per host per capped refresh (the reopened sessions included)
import { createPowerShellEngine, type PowerShellEngine } from '../src/engine';
import { PWSH, startLab } from '../test/support/lab';
import { cpuTicks, descendants, labInventory, median, pssKb, syntheticTopology } from './support';

const HOSTS = 50;
const CAP = 25;
const DEFAULT_CAP = 250;

export default async function sessionCapBench(): Promise<Record<string, number>> {
  const lab = await startLab({ topology: syntheticTopology({ hosts: HOSTS, vmsPerHost: 4 }) });
  const savedPath = process.env.PATH;
  process.env.PATH = lab.clientEnv.PATH;
  const engines: PowerShellEngine[] = [];
  const engine = (maxOpenSessions: number): PowerShellEngine => {
    const e = createPowerShellEngine({ powershellPath: PWSH, openTimeoutMs: 300_000, maxOpenSessions });
    engines.push(e);
    return e;
  };
  try {
    const runs = [engine(0), engine(CAP)].map((e) => ({ engine: e, ...labInventory(lab, e) }));
    const pids = (e: PowerShellEngine): number[] => {
      const pid = e.processId();
      return pid === undefined ? [] : [pid, ...descendants(pid).map((p) => p.pid)];
    };
    const pssMb = (e: PowerShellEngine): number =>
      Math.round(pids(e).reduce((kb, pid) => kb + pssKb(pid), 0) / 102.4) / 10;
    // Warm-up: 10 hosts at a time (50 cold remote starts at once starve this 2-core machine), then one full refresh.
    for (const run of runs) {
      for (let i = 0; i < HOSTS; i += 10)
        await run.service.refreshHost(...run.entries.slice(i, i + 10).map((e) => e.name));
      await run.service.refreshAll();
      const failed = run.service.snapshot().hosts.filter((h) => h.load.status === 'error');
      if (failed.length) throw new Error(`hosts did not answer the warm-up: ${failed.map((h) => h.name).join(', ')}`);
    }
    const [uncapped, capped] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const figures: Record<string, number> = {};
    figures.client_pss_mb_50_hosts_uncapped = pssMb(uncapped.engine);
    figures.client_pss_mb_50_hosts_cap_25 = pssMb(capped.engine);
    const perSession =
      (figures.client_pss_mb_50_hosts_uncapped - figures.client_pss_mb_50_hosts_cap_25) / (HOSTS - CAP);
    figures.client_pss_mb_per_kept_session = Math.round(perSession * 100) / 100;
    figures.client_pss_mb_500_hosts_cap_250 = Math.round(
      figures.client_pss_mb_50_hosts_cap_25 + (DEFAULT_CAP - CAP) * perSession,
    );

    await lab.setLatency(200);
    const times = { uncapped: [] as number[], capped: [] as number[] };
    let cappedTicks = 0;
    for (let i = 0; i < 3; i++) {
      for (const [name, run] of [
        ['uncapped', uncapped],
        ['capped', capped],
      ] as const) {
        const before = cpuTicks(pids(run.engine));
        const t = performance.now();
        await run.service.refreshAll();
        times[name].push(performance.now() - t);
        // A closed session's ssh (and the guard's shell) count through their parent's time for reaped children.
        if (name === 'capped') cappedTicks += cpuTicks(pids(run.engine)) - before;
      }
    }
    figures.refresh_50_uncapped_ms = Math.round(median(times.uncapped));
    figures.refresh_50_cap_25_ms = Math.round(median(times.capped));
    figures.refresh_50_cap_25_ratio = Math.round((median(times.capped) / median(times.uncapped)) * 100) / 100;
    figures.product_cpu_ms_per_host_refresh_cap_25 = Math.round(((cappedTicks * 10) / 3 / HOSTS) * 10) / 10;
    return figures;
  } finally {
    process.env.PATH = savedPath;
    for (const e of engines) await e.dispose();
    await lab.stop();
  }
}

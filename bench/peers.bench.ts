// The product held against PowerShell itself, on the same lab hosts, in the same run (see bench/README.md):
//   refresh_50_vs_invoke_command_ratio  warm product refresh of 50 hosts ÷ `Invoke-Command -Session $50sessions
//                                       -FilePath get-inventory.ps1 -ThrottleLimit 64` in a plain pwsh, interleaved,
//                                       lab latency 200 ms a command (target ≤ 1.1)
//   naive_over_product_50               a new pwsh and a new session per host per refresh, 8 at a time, ÷ the
//                                       product's warm refresh (reported; it should be large)
//   product_cpu_ms_per_host_refresh     CPU the product's own local processes spend per host per warm refresh
//                                       (target ≤ 10)
//   client_rss_mb_{1,10,50}_sessions    RSS of the product's local pwsh and its ssh children with 1, 10, 50 sessions
//   client_rss_mb_50_sessions, client_rss_mb_per_session (the slope from 10 to 50)
//   client_rss_mb_500_projected         the 50-session figure plus 450 times the slope (target ≤ 1024)
//   client_pss_mb_*                     the same in proportional memory (PSS: shared pages counted once), which is
//                                       what the processes really take; at 50 sessions also split into the local pwsh
//                                       and the ssh clients (target for the 500 projection ≤ 1024)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PowerShell } from 'node-powershell';
import { createPowerShellEngine } from '../src/engine';
import { PWSH, startLab, type Lab } from '../test/support/lab';
import { cpuTicks, descendants, labInventory, median, pssKb, rssKb, syntheticTopology } from './support';

const repo = join(__dirname, '..');
const INVENTORY_SCRIPT = join(repo, 'src', 'scripts', 'get-inventory.ps1');
/** The last number PowerShell printed (ssh's terminal escapes stripped). */
function lastNumber(raw: string): number {
  const escapes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
  const m = /(\d+)\s*$/.exec(raw.replace(escapes, '').trim());
  return m ? Number(m[1]) : NaN;
}

const HOSTS = Number(process.env.BENCH_PEER_HOSTS ?? 50);

/** PowerShell's own fan-out: one plain pwsh, 50 sessions opened once, then Invoke-Command over all of them. */
async function invokeCommandPeer(lab: Lab): Promise<{ run: () => Promise<number>; dispose: () => Promise<void> }> {
  const shell = new PowerShell({
    executable: PWSH,
    throwOnInvocationError: false,
    executableOptions: { '-NoProfile': true, '-NonInteractive': true },
  });
  const connections = lab.hosts.map(
    (h) =>
      `@{ HostName = '${h.address}'; Port = ${h.port}; UserName = '${h.userName}'; KeyFilePath = '${h.keyFilePath}'; ConnectingTimeout = 300000; Options = @{ BatchMode = 'yes' } }`,
  );
  const open = await shell.invoke(
    `$sessions = New-PSSession -SSHConnection @(${connections.join(',')}) -ErrorAction Stop; [Console]::Out.WriteLine(@($sessions).Count)`,
  );
  if (lastNumber(open.raw) !== lab.hosts.length)
    throw new Error(`the peer opened ${open.raw.trim()} of ${lab.hosts.length} sessions`);
  const line = `$r = Invoke-Command -Session $sessions -FilePath '${INVENTORY_SCRIPT}' -ThrottleLimit 64; [Console]::Out.WriteLine(@($r).Count)`;
  return {
    run: async () => {
      const t = performance.now();
      const record = await shell.invoke(line);
      const ms = performance.now() - t;
      shell.history.length = 0;
      if (lastNumber(record.raw) !== lab.hosts.length)
        throw new Error(`the peer's fan-out answered ${record.raw.trim()}`);
      return ms;
    },
    dispose: () => shell.dispose(),
  };
}

/** What simple tools do: per host a new pwsh that opens a session, runs the script and closes it; 8 at a time. */
async function naiveRefresh(lab: Lab): Promise<number> {
  const one = (h: Lab['hosts'][number]): Promise<void> =>
    new Promise((resolve, reject) => {
      const script =
        `$s = New-PSSession -HostName '${h.address}' -Port ${h.port} -UserName '${h.userName}' -KeyFilePath '${h.keyFilePath}' -Options @{ BatchMode = 'yes' } -ErrorAction Stop; ` +
        `try { $null = Invoke-Command -Session $s -FilePath '${INVENTORY_SCRIPT}' } finally { Remove-PSSession $s }`;
      const child = spawn(PWSH, ['-NoProfile', '-NonInteractive', '-Command', script], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: process.env,
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`naive peer for ${h.name} exited ${code}: ${err.slice(0, 300)}`)),
      );
    });
  const queue = [...lab.hosts];
  const t = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let h = queue.shift(); h; h = queue.shift()) await one(h);
    }),
  );
  return performance.now() - t;
}

export default async function peersBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const lab = await startLab({ topology: syntheticTopology({ hosts: HOSTS, vmsPerHost: 4 }) });
  const savedPath = process.env.PATH;
  process.env.PATH = lab.clientEnv.PATH;
  const engine = createPowerShellEngine({ powershellPath: PWSH, openTimeoutMs: 300_000 });
  try {
    const { service, entries } = labInventory(lab, engine);
    const errors = (): string[] =>
      service
        .snapshot()
        .hosts.flatMap((h) =>
          h.load.status === 'error' ? [`${h.name}: ${h.load.error.kind} ${h.load.error.message}`] : [],
        );
    // The engine's local pwsh and everything below it (an ssh, and the guard's shell around it, per session).
    const productPids = (): number[] => {
      const pid = engine.processId();
      return pid === undefined ? [] : [pid, ...descendants(pid).map((p) => p.pid)];
    };
    const mb = (kb: number): number => Math.round(kb / 102.4) / 10;
    const clientRssMb = (): number => mb(productPids().reduce((kb, pid) => kb + rssKb(pid), 0));
    const clientPssMb = (): number => mb(productPids().reduce((kb, pid) => kb + pssKb(pid), 0));

    // Sessions opened 1, then 10, then 50 (10 at a time: 50 cold remote pwsh starts at once starve this 2-core
    // machine, which also runs the 50 simulated hosts); the client's memory after each.
    await service.refreshHost(entries[0]!.name);
    figures.client_rss_mb_1_session = clientRssMb();
    await service.refreshHost(...entries.slice(1, Math.min(10, HOSTS)).map((e) => e.name));
    figures.client_rss_mb_10_sessions = clientRssMb();
    const pss10 = clientPssMb();
    for (let i = 10; i < entries.length; i += 10)
      await service.refreshHost(...entries.slice(i, i + 10).map((e) => e.name));
    for (let attempt = 0; attempt < 2 && errors().length; attempt++)
      await service.refreshHost(
        ...service
          .snapshot()
          .hosts.filter((h) => h.load.status === 'error')
          .map((h) => h.name),
      );
    if (errors().length) throw new Error(`hosts did not answer the warm-up: ${errors().slice(0, 3).join('; ')}`);
    figures.client_rss_mb_50_sessions = clientRssMb();
    figures.client_rss_mb_per_session =
      Math.round(((figures.client_rss_mb_50_sessions - figures.client_rss_mb_10_sessions) / 40) * 100) / 100;
    figures.client_rss_mb_500_projected = Math.round(
      figures.client_rss_mb_50_sessions + 450 * figures.client_rss_mb_per_session,
    );
    // The same in proportional memory, and where it goes: the local pwsh, the ssh clients, the guard's shells.
    figures.client_pss_mb_50_sessions = clientPssMb();
    figures.client_pss_mb_per_session = Math.round(((figures.client_pss_mb_50_sessions - pss10) / 40) * 100) / 100;
    figures.client_pss_mb_500_projected = Math.round(
      figures.client_pss_mb_50_sessions + 450 * figures.client_pss_mb_per_session,
    );
    const ownPid = engine.processId() ?? -1;
    const sshPids = descendants(ownPid).filter((p) => /^(\S*\/)?ssh /.test(p.command));
    figures.client_pss_mb_50_pwsh = mb(pssKb(ownPid));
    figures.client_pss_mb_50_ssh_clients = mb(sshPids.reduce((kb, p) => kb + pssKb(p.pid), 0));
    const below = descendants(engine.processId() ?? -1);
    process.stdout.write(
      `  client processes with ${HOSTS} sessions: 1 pwsh and ${below.length} below it (${below.filter((p) => /^(\S*\/)?ssh /.test(p.command)).length} ssh, the others the guard's shells around them)\n`,
    );

    await lab.setLatency(200);
    const peer = await invokeCommandPeer(lab);
    try {
      await peer.run();
      await service.refreshAll();
      const product: number[] = [];
      const limit: number[] = [];
      let cpu = 0;
      for (let i = 0; i < 5; i++) {
        const pids = productPids();
        const before = cpuTicks(pids);
        const t = performance.now();
        await service.refreshAll();
        product.push(performance.now() - t);
        cpu += cpuTicks(pids) - before;
        if (errors().length) throw new Error(`a refresh failed: ${errors()[0]}`);
        limit.push(await peer.run());
      }
      figures.refresh_50_product_ms = Math.round(median(product));
      figures.refresh_50_invoke_command_ms = Math.round(median(limit));
      figures.refresh_50_vs_invoke_command_ratio = Math.round((median(product) / median(limit)) * 1000) / 1000;
      figures.product_cpu_ms_per_host_refresh = Math.round(((cpu * 10) / 5 / HOSTS) * 10) / 10;
    } finally {
      await peer.dispose();
    }
    const naive = await naiveRefresh(lab);
    figures.refresh_50_naive_ms = Math.round(naive);
    figures.naive_over_product_50 = Math.round((naive / figures.refresh_50_product_ms) * 10) / 10;
  } finally {
    process.env.PATH = savedPath;
    await engine.dispose();
    await lab.stop();
  }
  return figures;
}

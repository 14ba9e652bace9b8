// Test fixture: brings up a simulated Hyper-V lab (one sshd per host, pwsh as its `powershell` subsystem) through
// lab/bin/lab, in its own scratch folder and its own 127.X.Y.0/24 block, so labs in parallel test files never meet.
//
//   const lab = await startLab({ topology: 'demo' });            // or a path, or a topology object
//   const conn = lab.connectionFor('HV-EAST');                    // HostConnection for the engine
//   await lab.pwsh<string>('(Get-VM -Name web-01).ComputerName', { host: 'HV-EAST' });
//   await lab.stopHost('HV-WEST'); await lab.startHost('HV-WEST');
//   await lab.stop();
//
// Names: after the first startLab, this process's PATH starts with a folder holding an `ssh` wrapper whose config
// includes every running lab's host blocks, so `New-PSSession -HostName HV-EAST` from a pwsh started by this process
// (the engine's, a test's) reaches the lab host by name. With two labs of the same topology in one process, a name
// reaches the lab started first; use connectionFor (addresses) when that matters.
//
// The parts: lab/blocks.ts (loopback blocks), lab/cli.ts (lab/bin/lab), lab/sshClient.ts (the ssh wrapper),
// lab/pwshRunner.ts (lab.pwsh), lab/runningLab.ts (the Lab), lab/exitGuard.ts (no sshd outlives the tests).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Lab, LabOptions } from './lab/api';
import { releaseBlock, reserveBlock } from './lab/blocks';
import { runCli, topologyPath } from './lab/cli';
import { downOnExit } from './lab/exitGuard';
import { RunningLab } from './lab/runningLab';

export type { Lab, LabCluster, LabFaultType, LabHost, LabHostProcess, LabOptions, PwshOptions } from './lab/api';
export { PWSH, REPO } from './lab/paths';

export async function startLab(options: LabOptions): Promise<Lab> {
  const ownDir = options.dir === undefined;
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), 'hvlab-')));
  mkdirSync(dir, { recursive: true });
  const block = reserveBlock(dir);
  const forgetOnExit = downOnExit(dir, block, ownDir);
  const args = ['up', '--topology', topologyPath(options.topology, dir), '--block', block];
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
  try {
    await runCli(dir, args);
  } catch (e) {
    forgetOnExit();
    await runCli(dir, ['down']).catch(() => undefined);
    releaseBlock(block);
    throw e;
  }
  return new RunningLab({ dir, block, ownDir, forgetOnExit });
}

// lab/bin/lab, the lab's command line, run against one lab's folder.
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LAB_CLI, REPO } from './paths';

export function runCli(dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(
      'bash',
      [LAB_CLI, '--dir', dir, ...args],
      { env: { ...process.env, HVLAB_QUIET: '1', ...extraEnv }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`lab ${args.join(' ')} failed: ${stderr || error.message}`));
        else resolveRun(stdout);
      },
    );
  });
}

/** `lab down`, synchronously: for exit handlers, where nothing asynchronous runs any more. Throws on failure. */
export function labDownSync(dir: string): void {
  execFileSync('bash', [LAB_CLI, '--dir', dir, 'down'], { stdio: 'ignore', env: { ...process.env, HVLAB_QUIET: '1' } });
}

/** The topology file `lab up` reads: a name in lab/topologies, a path, or an object written into the lab's folder. */
export function topologyPath(topology: string | object, dir: string): string {
  if (typeof topology !== 'string') {
    const file = join(dir, 'topology.input.json');
    writeFileSync(file, JSON.stringify(topology, null, 2));
    return file;
  }
  if (/^[A-Za-z0-9._-]+$/.test(topology) && !topology.endsWith('.json'))
    return join(REPO, 'lab', 'topologies', `${topology}.json`);
  return isAbsolute(topology) ? topology : resolve(REPO, topology);
}

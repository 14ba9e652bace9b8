// Figures of the fault drills (issue 10), from the drill suite's own count: the suite runs once through mocha's JSON
// reporter, and once as a dry run that lists every drill without running it (so a drill that never got to run still
// counts in the total).
//   fault_drills_passed   drills that ended with the lab's truth matching the job (test/integration/faults)
//   fault_drills_total    drills in the suite
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..');
const SUITE = 'test/integration/faults/drills.lab.test.ts';

interface MochaJson {
  readonly stats: { readonly tests: number; readonly passes: number; readonly failures: number };
}

function mocha(output: string, extra: readonly string[]): MochaJson {
  rmSync(output, { force: true });
  const args = [
    join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--node-option',
    'import=tsx',
    '--require',
    'test/setup.ts',
    '--timeout',
    '240000',
    '--exit',
    '--reporter',
    'json',
    '--reporter-option',
    `output=${output}`,
    ...extra,
    SUITE,
  ];
  // A failing drill makes mocha exit non-zero; the count in its report is what matters here.
  spawnSync(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  return JSON.parse(readFileSync(output, 'utf8')) as MochaJson;
}

export default function faultsBench(): Promise<Record<string, number>> {
  const work = join(__dirname, '.work');
  mkdirSync(work, { recursive: true });
  const listed = mocha(join(work, 'fault-drills-list.json'), ['--dry-run']);
  const ran = mocha(join(work, 'fault-drills.json'), []);
  return Promise.resolve({ fault_drills_passed: ran.stats.passes, fault_drills_total: listed.stats.tests });
}

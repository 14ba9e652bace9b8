// Each start's scratch folder .e2e/runs/<id>/: HOME, user-data-dir (with the user settings), extensions-dir and the
// default workspace, all private to that run.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { e2eDir, resultsDir } from './paths';

/** User settings every run starts from (keeps code-server from reaching outside hosts, and the screen quiet). */
const baseSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

export interface RunFolder {
  /** <time>-<pid>-<n>-<name>: the name of the run folder and of its logs folder. */
  readonly runId: string;
  readonly runDir: string;
  readonly home: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspaceFolder: string;
  /** code-server's output goes here. */
  readonly serverLogPath: string;
}

const runsDir = path.join(e2eDir, 'runs');

/** Removes .e2e/runs/<id>/ folders left by test processes that are gone (killed before their stop()). */
function pruneStaleRuns(): void {
  if (!existsSync(runsDir)) return;
  for (const id of readdirSync(runsDir)) {
    const pid = Number(/^\d{8}T\d{6}-(\d+)-/.exec(id)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) rmSync(path.join(runsDir, id), { recursive: true, force: true });
  }
}

/** A new run folder of this process: the first free <time>-<pid>-<n>-<name> (mkdir is the claim). */
function claimRunDir(name: string): string {
  mkdirSync(runsDir, { recursive: true });
  const time = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  for (let n = 1; ; n++) {
    const dir = path.join(runsDir, `${time}-${process.pid}-${n}-${name}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * Creates the run folder of a start named `name`, its settings.json from baseSettings and `settings`. Also clears
 * away the folders of runs whose process is gone.
 */
export function createRunFolder(
  name: string,
  options: { settings?: Record<string, unknown>; workspaceFolder?: string },
): RunFolder {
  pruneStaleRuns();
  const runDir = claimRunDir(name);
  const home = path.join(runDir, 'home');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspaceFolder = options.workspaceFolder ?? path.join(runDir, 'workspace');
  for (const dir of [home, path.join(userDataDir, 'User'), extensionsDir, workspaceFolder, resultsDir])
    mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...baseSettings, ...(options.settings ?? {}) }, null, 2),
  );
  const runId = path.basename(runDir);
  return {
    runId,
    runDir,
    home,
    userDataDir,
    extensionsDir,
    workspaceFolder,
    serverLogPath: path.join(runDir, 'code-server.log'),
  };
}

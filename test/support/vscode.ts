/**
 * End-to-end fixture: the extension in a REAL VS Code (code-server, see scripts/install-code-server.sh) driven by
 * playwright-core and Debian's Chromium. Facts it relies on: shared notes/code-server.md.
 *
 *   const vscode = await startVsCode({ settings: { 'hypervMobility.hosts': labConnections(lab.dir) }, env: { PATH: lab.clientEnv.PATH } });
 *   try {
 *     await vscode.openView('Hyper-V');
 *     await vscode.waitForTreeRow('HV-EAST');
 *     await vscode.screenshot('inventory');
 *   } finally {
 *     await vscode.stop();
 *   }
 *
 * Each start gets its own scratch folder .e2e/runs/<id>/ (HOME, user-data-dir, extensions-dir, workspace: see
 * vscode/runFolder.ts), the extension installed there from the .vsix (vscode/vsixPackage.ts), code-server in its own
 * process group on 127.0.0.1 and a port it picks itself (vscode/codeServer.ts, vscode/processGroup.ts), and its own
 * Chromium (vscode/browser.ts); the VsCode it returns is vscode/workbenchPage.ts. stop() kills the whole process
 * group; if a test never calls it, the process's exit handler does. Screenshots go to test-results/e2e/, and stop()
 * copies code-server's and the extension host's logs to test-results/e2e/logs/<id>/.
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { defaultTimeoutMs, type StartOptions, type Timings, type VsCode } from './vscode/api';
import { checkChromium, ChromiumPage } from './vscode/browser';
import { CodeServer, codeServerEntry, codeServerEnv, installExtension } from './vscode/codeServer';
import { slug } from './vscode/names';
import { resultsDir } from './vscode/paths';
import { createRunFolder, type RunFolder } from './vscode/runFolder';
import { ensureVsix } from './vscode/vsixPackage';
import { WorkbenchPage } from './vscode/workbenchPage';

export type { StartOptions, Timings, TreeRow, VsCode } from './vscode/api';
export { labConnections, type LabConnection } from './vscode/labConnections';
export { repoRoot } from './vscode/paths';
export { ensureVsix } from './vscode/vsixPackage';

/** Closes the browser, kills code-server's process group, keeps the logs as artifacts and drops the scratch folder. */
async function stopRun(run: RunFolder, server: CodeServer, browser: ChromiumPage | undefined): Promise<void> {
  await browser?.close();
  await server.stop();
  server.logs.saveTo(path.join(resultsDir, 'logs', run.runId), browser?.pageErrors ?? []);
  if (process.env.E2E_KEEP_RUNS !== '1') rmSync(run.runDir, { recursive: true, force: true });
}

export async function startVsCode(options: StartOptions = {}): Promise<VsCode> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  if (!existsSync(codeServerEntry)) {
    throw new Error(
      `code-server is not installed (${codeServerEntry} missing): run bash scripts/install-code-server.sh`,
    );
  }
  checkChromium();
  const name = slug(options.name ?? 'vscode');
  const run = createRunFolder(name, options);
  const env = codeServerEnv(run, options.env);
  const timings: Timings = { installExtension: 0, listening: 0, healthz: 0, workbench: 0 };
  if (options.installExtension !== false) timings.installExtension = installExtension(run, env, await ensureVsix());

  const server = CodeServer.start(run, env);
  let browser: ChromiumPage | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopRun(run, server, browser));
  try {
    const baseUrl = await server.listening(readyTimeoutMs);
    timings.listening = Date.now() - server.started;
    await server.healthy(baseUrl, readyTimeoutMs);
    timings.healthz = Date.now() - server.started;
    browser = await ChromiumPage.launch(options.viewport ?? { width: 1400, height: 900 }, defaultTimeoutMs);
    const url = `${baseUrl}?folder=${encodeURIComponent(run.workspaceFolder)}`;
    const { page, pageErrors } = browser;
    const vscode = new WorkbenchPage({
      page,
      pageErrors,
      name,
      url,
      baseUrl,
      pid: server.group.pgid,
      run,
      logs: server.logs,
      timings,
      readyTimeoutMs,
      stop,
    });
    await vscode.load();
    timings.workbench = Date.now() - server.started;
    return vscode;
  } catch (err) {
    await stop();
    throw err;
  }
}

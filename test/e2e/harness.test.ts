// Proves the end-to-end harness (test/support/vscode.ts): code-server starts, the workbench loads in Chromium, the
// extension built from this repository is installed and activates, and stop() leaves no process behind.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { recordFailure } from '../support/failures';
import { repoRoot, startVsCode, type VsCode } from '../support/vscode';
import { closeFront, describeFront } from '../support/workbench';

interface Manifest {
  publisher: string;
  name: string;
  displayName: string;
  version: string;
  contributes?: {
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
    commands?: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const extensionId = `${manifest.publisher}.${manifest.name}`;

function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('e2e harness: the extension in a real VS Code (code-server + Chromium)', function () {
  let vscode: VsCode | undefined;

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, undefined);
    await vscode?.stop();
    vscode = undefined;
  });

  it('loads the workbench with the extension installed and activated, survives a reload, and cleans up after itself', async function () {
    const t0 = Date.now();
    vscode = await startVsCode({ name: 'harness' });
    const { timings } = vscode;
    console.log(
      `      code-server: vsix install ${timings.installExtension} ms, listening ${timings.listening} ms, ` +
        `/healthz ${timings.healthz} ms, workbench ready ${timings.workbench} ms after spawn`,
    );

    // Installed: the Extensions view lists it among the installed extensions, enabled.
    await vscode.openView('Extensions');
    const item = vscode.page
      .locator('.extensions-viewlet .extension-list-item', {
        has: vscode.page.locator('.name', { hasText: manifest.displayName }),
      })
      .first();
    await item.waitFor({ state: 'visible' });
    assert.ok(
      !((await item.getAttribute('class')) ?? '').includes('disabled'),
      `${manifest.displayName} is installed but disabled`,
    );
    await vscode.screenshot('extensions');

    // Its commands reach the command palette (the ones not hidden from it).
    const hidden = new Set(
      (manifest.contributes?.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command),
    );
    const command = (manifest.contributes?.commands ?? []).find((c) => !hidden.has(c.command));
    if (command !== undefined) {
      const title = command.category !== undefined ? `${command.category}: ${command.title}` : command.title;
      assert.ok(await vscode.hasCommand(title), `the command palette does not offer "${title}"`);
    }

    // Activated: opening its activity bar container activates it (onView), as the extension host log records.
    const container = manifest.contributes?.viewsContainers?.activitybar?.[0];
    if (container !== undefined) {
      await vscode.openView(container.title);
      const view = manifest.contributes?.views?.[container.id]?.[0];
      if (view !== undefined) {
        // With one view in the container, VS Code shows it in the side bar title ("HYPER-V: INVENTORY").
        const escaped = view.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        await vscode.page
          .locator('.part.sidebar .composite.title, .part.sidebar .pane-header:not(.hidden)', {
            hasText: new RegExp(escaped, 'i'),
          })
          .first()
          .waitFor({ state: 'visible' });
      }
      await vscode.waitForActivation(extensionId);
      await vscode.screenshot('view');

      // What a failing test reports about the front of the workbench, and what it saves: the extension's own log.
      await vscode.page.keyboard.press('F1');
      await vscode.page.locator('.quick-input-widget .quick-input-box input').fill('>Hyper-V: Refresh');
      assert.match(await describeFront(vscode.page), /^quick input .*value ">Hyper-V: Refresh"/);
      await closeFront(vscode.page);
      assert.match(await describeFront(vscode.page), /^no quick input/);
      const saved = await vscode.saveFailure('harness self-check', { 'extra.txt': 'extra' });
      for (const file of ['screenshot.png', 'hyper-v-mobility.log', 'exthost.log', 'code-server.log', 'extra.txt']) {
        assert.ok(existsSync(path.join(saved, file)), `saveFailure wrote ${file}`);
      }
      assert.match(
        readFileSync(path.join(saved, 'hyper-v-mobility.log'), 'utf8'),
        /Hyper-V Mobility\.log/,
        'the product log of the window is found',
      );
      rmSync(saved, { recursive: true, force: true });

      // A window reload starts a new extension host; the view comes back and activates the extension again.
      await vscode.reload();
      await vscode.openView(container.title);
      await vscode.waitForActivation(extensionId);
    }

    const pid = vscode.pid;
    assert.ok(processGroupAlive(pid), 'code-server is not running');
    await vscode.stop();
    vscode = undefined;
    assert.ok(!processGroupAlive(pid), `code-server's process group ${pid} is still alive after stop()`);
    console.log(`      whole harness test: ${Date.now() - t0} ms`);
  });
});

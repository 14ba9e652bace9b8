import * as assert from 'node:assert/strict';
import { applySettingsChange, type SettingsChangeDeps } from '../../../src/app/settingsChange';
import { recordUnhandledRejections } from '../support/unhandled';

describe('settings change', () => {
  it('a refresh that fails is reported; the engine is still reset for a new PowerShell path; nothing rejects', async () => {
    const stop = recordUnhandledRejections();
    const done: string[] = [];
    const errors: string[] = [];
    const deps: SettingsChangeDeps = {
      reloadConnections: () => void done.push('reload'),
      shouldRefresh: () => true,
      refreshAll: () => Promise.reject(new Error('No configured connection reaches HV-X.')),
      resetEngine: () => Promise.resolve(void done.push('reset')),
      reportError: (m) => void errors.push(m),
    };
    await applySettingsChange(() => true, deps);
    assert.deepEqual(await stop(), []);
    assert.deepEqual(done, ['reload', 'reset']);
    assert.deepEqual(errors, ['Reading the changed connections failed: No configured connection reaches HV-X.']);
  });

  it('a failing engine reset is reported too, and only the affected parts run', async () => {
    const done: string[] = [];
    const errors: string[] = [];
    await applySettingsChange((s) => s === 'hypervMobility.powershellPath', {
      reloadConnections: () => void done.push('reload'),
      shouldRefresh: () => true,
      refreshAll: () => Promise.resolve(void done.push('refresh')),
      resetEngine: () => Promise.reject(new Error('dispose failed')),
      reportError: (m) => void errors.push(m),
    });
    assert.deepEqual(done, []);
    assert.deepEqual(errors, ['Restarting PowerShell with the new settings failed: dispose failed']);
  });
});

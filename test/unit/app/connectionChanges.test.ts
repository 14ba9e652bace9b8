import * as assert from 'node:assert/strict';
import { ConnectionChanges } from '../../../src/app/connections/connectionChanges';
import type { ConnectionEntry } from '../../../src/core/connections/connectionEntry';
import { recordUnhandledRejections } from '../support/unhandled';

function fixture(options: { forgetFails?: boolean; refreshFails?: boolean; writeFails?: boolean } = {}) {
  const log: string[] = [];
  const errors: string[] = [];
  const changes = new ConnectionChanges({
    settings: {
      upsert: (e, original) =>
        options.writeFails
          ? Promise.reject(new Error('settings.json is not valid JSON'))
          : Promise.resolve(void log.push(`upsert ${e.name} (${original ?? 'new'})`)),
      remove: (name) => Promise.resolve(void log.push(`remove ${name}`)),
    },
    credentials: {
      forget: (e) =>
        options.forgetFails
          ? Promise.reject(new Error('keyring locked'))
          : Promise.resolve(void log.push(`forget ${e.name}@${e.address ?? e.name}`)),
    },
    inventory: {
      prune: () => void log.push('prune'),
      retryHost: (name) =>
        options.refreshFails ? Promise.reject(new Error('boom')) : Promise.resolve(void log.push(`refresh ${name}`)),
    },
    reportError: (m) => void errors.push(m),
  });
  return { changes, log, errors };
}

const before: ConnectionEntry = {
  name: 'HV01',
  kind: 'host',
  transport: 'wsman',
  address: 'hv01.contoso.com',
  userName: 'CONTOSO\\admin',
};

describe('connection changes', () => {
  it('a new address forgets the password saved for the old one', async () => {
    const { changes, log } = fixture();
    await changes.edit(before, { ...before, address: '10.0.0.99' });
    assert.deepEqual(log, ['upsert HV01 (HV01)', 'forget HV01@hv01.contoso.com', 'prune', 'refresh HV01']);
  });

  it('a new user or port forgets it too; a rename alone keeps it', async () => {
    for (const after of [
      { ...before, userName: 'CONTOSO\\other' },
      { ...before, port: 5986 },
    ]) {
      const { changes, log } = fixture();
      await changes.edit(before, after);
      assert.ok(log.includes('forget HV01@hv01.contoso.com'), JSON.stringify(after));
    }
    const { changes, log } = fixture();
    await changes.edit(before, { ...before, name: 'HV01-NEW' });
    assert.deepEqual(log, ['upsert HV01-NEW (HV01)', 'prune', 'refresh HV01-NEW']);
  });

  it('failures after the settings were saved are reported, never left as rejected promises', async () => {
    const stop = recordUnhandledRejections();
    const { changes, errors } = fixture({ forgetFails: true, refreshFails: true });
    await changes.add(before);
    await changes.edit(before, { ...before, address: 'other' });
    await changes.remove(before);
    assert.deepEqual(await stop(), []);
    assert.deepEqual(errors.sort(), [
      'Refreshing HV01 failed: boom',
      'Refreshing HV01 failed: boom',
      'The saved password of HV01 could not be deleted from secret storage: keyring locked',
      'The saved password of HV01 could not be deleted from secret storage: keyring locked',
    ]);
  });

  it('a settings write that fails rejects, and nothing else happens', async () => {
    const { changes, log } = fixture({ writeFails: true });
    await assert.rejects(changes.edit(before, { ...before, address: 'x' }), /not valid JSON/);
    assert.deepEqual(log, []);
  });
});

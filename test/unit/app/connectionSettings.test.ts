import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectionSettings, type HostsSetting } from '../../../src/app/connections/connectionSettings';

/** A setting with a user value and something else in effect (as a workspace value would be, were it honoured). */
function setting(user: unknown, effective: unknown): HostsSetting & { written: unknown[][] } {
  const s = {
    written: [] as unknown[][],
    effective: () => effective,
    user: () => user,
    writeUser: (v: unknown[]) => {
      s.written.push(v);
      return Promise.resolve();
    },
  };
  return s;
}

describe('connection settings: only the user decides where credentials go', () => {
  it('hosts and the PowerShell path are application-scoped: no workspace can set them', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['hypervMobility.hosts']?.scope, 'application');
    assert.equal(props['hypervMobility.powershellPath']?.scope, 'application');
  });

  it("an edit writes the user's own list back, never entries from elsewhere", async () => {
    const mine = { name: 'HV-EAST', transport: 'ssh', comment: 'hand-written field kept' };
    const theirs = { name: 'HV-EAST2', transport: 'wsman', address: 'evil.example.com' };
    const s = setting([mine], [mine, theirs]);
    const c = new ConnectionSettings(s, () => true);
    await c.upsert({ name: 'HV-WEST', kind: 'host', transport: 'ssh', address: '10.0.0.2' });
    await c.remove('HV-NONE');
    assert.deepEqual(s.written, [[mine, { name: 'HV-WEST', transport: 'ssh', address: '10.0.0.2' }], [mine]]);
  });

  it('an edit of a user entry replaces it in place', async () => {
    const s = setting(
      [
        { name: 'A', transport: 'ssh' },
        { name: 'B', transport: 'ssh' },
      ],
      undefined,
    );
    await new ConnectionSettings(s, () => true).upsert(
      { name: 'A2', kind: 'host', transport: 'wsman', userName: 'x' },
      'a',
    );
    assert.deepEqual(s.written, [
      [
        { name: 'A2', transport: 'wsman', userName: 'x' },
        { name: 'B', transport: 'ssh' },
      ],
    ]);
  });
});

import * as assert from 'node:assert/strict';
import { describeSettings } from '../../../src/core/migration/view/describeSettings';
import { isValidSubnet, settingsNotes, validateSettingsChange } from '../../../src/core/migration/hostSettings';
import { parseMigrationSettings, setMigrationSettings } from '../../../src/core/migration/operations/migrationSettings';
import { hostSettings } from './estate';

const current = hostSettings;

describe('host migration settings: validation before sending', () => {
  it('accepts addresses and networks, IPv4 and IPv6; refuses wildcards and nonsense', () => {
    for (const s of ['10.0.1.0/24', '192.168.1.7', 'fd00::/64', '2001:db8::1']) assert.equal(isValidSubnet(s), true, s);
    for (const s of ['10.0.*', '10.0.1.0/33', '300.1.1.1', 'fd00::/129', '', 'net1', '10.0.1.0/24/1'])
      assert.equal(isValidSubnet(s), false, s);
  });

  it('limits are whole numbers from 1; auth and performance take only the real values', () => {
    const problems = validateSettingsChange(
      {
        maximumVirtualMachineMigrations: 0,
        maximumStorageMigrations: 2.5,
        authenticationType: 'NTLM' as 'Kerberos',
        performanceOption: 'RDMA' as 'SMB',
      },
      current,
    );
    assert.deepEqual(problems.map((p) => p.field).sort(), [
      'authenticationType',
      'maximumStorageMigrations',
      'maximumVirtualMachineMigrations',
      'performanceOption',
    ]);
    assert.deepEqual(
      validateSettingsChange(
        { maximumVirtualMachineMigrations: 4, authenticationType: 'CredSSP', performanceOption: 'SMB' },
        current,
      ),
      [],
    );
  });

  it('networks: no duplicate, no removing one that is not there, and not the last one without "use any network"', () => {
    assert.equal(
      validateSettingsChange({ addNetworks: [{ subnet: '10.0.1.0/24' }] }, current)[0]?.field,
      'addNetworks',
    );
    assert.equal(validateSettingsChange({ removeNetworks: ['10.9.9.0/24'] }, current)[0]?.field, 'removeNetworks');
    assert.equal(
      validateSettingsChange({ removeNetworks: ['10.0.1.0/24'] }, current)[0]?.field,
      'useAnyNetworkForMigration',
    );
    assert.deepEqual(
      validateSettingsChange({ removeNetworks: ['10.0.1.0/24'], useAnyNetworkForMigration: true }, current),
      [],
    );
  });

  it('sends only what changes, live migration on/off apart from Set-VMHost values', () => {
    assert.deepEqual(
      setMigrationSettings({ migrationEnabled: false, addNetworks: [{ subnet: '10.0.2.0/24', priority: 2 }] })
        .parameters,
      {
        MigrationEnabled: false,
        AddNetworks: [{ subnet: '10.0.2.0/24', priority: 2 }],
      },
    );
  });
});

describe('host migration settings: the cluster limit of a node', () => {
  const read = (cluster: string | null, limit: number | null) =>
    parseMigrationSettings({
      ...current,
      networks: [],
      useAnyNetworkForMigration: true,
      cluster,
      clusterMaximumParallelMigrations: limit,
    });

  it('a node of a cluster before the September 2022 update has no cluster limit, and the settings say so (never 0)', () => {
    const s = read('CLU-OLD', null);
    assert.equal(s.cluster, 'CLU-OLD');
    assert.equal(s.clusterMaximumParallelMigrations, undefined);
    assert.match(describeSettings(s), /no cluster limit \(cluster CLU-OLD has no MaximumParallelMigrations\)/);
    assert.ok(settingsNotes(s).some((n) => /CLU-OLD sets no limit of its own.*this node's own limit applies/.test(n)));
    assert.doesNotMatch([describeSettings(s), ...settingsNotes(s)].join(' '), /\b0\b/);
  });

  it('a node of a cluster with MaximumParallelMigrations follows it; a standalone host mentions no cluster', () => {
    const s = read('CLU-NEW', 2);
    assert.match(describeSettings(s), /cluster limit 2 per node/);
    assert.ok(settingsNotes(s).some((n) => /follow the cluster's MaximumParallelMigrations \(2\)/.test(n)));
    const alone = read(null, null);
    assert.doesNotMatch(describeSettings(alone), /cluster/);
    assert.ok(!settingsNotes(alone).some((n) => /cluster/i.test(n)));
  });
});

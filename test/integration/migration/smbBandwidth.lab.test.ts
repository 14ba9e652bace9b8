// The host settings scripts and the SMB bandwidth limit of live migration, over real remoting to the lab (test-smb:
// HV-SMB with the SMB Bandwidth Limit feature and a Default-category limit, HV-TCP without the feature).
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { HostMigrationSettingsService } from '../../../src/app/migration/hostMigrationSettingsService';
import { setMigrationSettings } from '../../../src/core/migration/operations/migrationSettings';
import { startMigrationLab, type MigrationLab } from './harness';

const MB = 1_048_576;

describe('host migration settings: the SMB bandwidth limit of live migration on lab hosts', function () {
  this.timeout(600_000);
  let m: MigrationLab;
  let settings: HostMigrationSettingsService;

  const labLimit = (host: string): Promise<number | null> =>
    m.lab.pwsh<number | null>(
      `$h = (Get-LabState).Hosts | Where-Object Name -eq '${host}'; ($h.Smb.BandwidthLimits | Where-Object Category -eq 'LiveMigration').BytesPerSecond`,
    );

  before(async () => {
    m = await startMigrationLab(resolve(__dirname, '../../../lab/topologies/test-smb.json'));
    settings = new HostMigrationSettingsService(() => m.engine, m.target, 120_000);
  });

  after(async () => {
    await m?.stop();
  });

  it('reads no limit, a limit, or unavailable with the host’s reason, with the other settings', async () => {
    assert.deepEqual((await settings.get('HV-SMB')).smbLiveMigrationLimit, { state: 'none' });
    await m.lab.pwsh('Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 300MB -Confirm:$false', {
      host: 'HV-SMB',
    });
    const smb = await settings.get('HV-SMB');
    assert.deepEqual(smb.smbLiveMigrationLimit, { state: 'limit', bytesPerSecond: 300 * MB });
    assert.equal(smb.performanceOption, 'SMB');
    const tcp = await settings.get('HV-TCP');
    assert.equal(tcp.smbLiveMigrationLimit?.state, 'unavailable');
    assert.match(
      tcp.smbLiveMigrationLimit?.state === 'unavailable' ? tcp.smbLiveMigrationLimit.reason : '',
      /FS-SMBBW/,
    );
  });

  it('sets and removes it with the other settings, and answers with what the host then reports', async () => {
    const before = await settings.get('HV-SMB');
    const after = await settings.change(
      'HV-SMB',
      { maximumStorageMigrations: 4, smbLiveMigrationBytesPerSecond: 500_000_000 },
      before,
    );
    assert.deepEqual(after.smbLiveMigrationLimit, { state: 'limit', bytesPerSecond: 500_000_000 });
    assert.equal(after.maximumStorageMigrations, 4);
    assert.equal(await labLimit('HV-SMB'), 500_000_000);
    const removed = await settings.change('HV-SMB', { smbLiveMigrationBytesPerSecond: null }, after);
    assert.deepEqual(removed.smbLiveMigrationLimit, { state: 'none' });
    assert.equal(await labLimit('HV-SMB'), null);
    // removing again is no error: only a limit that is there is removed
    const again = await m.engine.runOne(
      setMigrationSettings({ smbLiveMigrationBytesPerSecond: null }),
      await m.target('HV-SMB'),
    );
    assert.deepEqual(again.smbLiveMigrationLimit, { state: 'none' });
    assert.equal(
      await m.lab.pwsh<number>(
        `((Get-LabState).Hosts | Where-Object Name -eq 'HV-SMB').Smb.BandwidthLimits | Where-Object Category -eq 'Default' | ForEach-Object BytesPerSecond`,
      ),
      104857600,
      'the Default category keeps its limit',
    );
  });

  it('a host without the feature refuses the whole change before anything else changes', async () => {
    const storageBefore = await m.lab.pwsh<number>('(Get-VMHost).MaximumStorageMigrations', { host: 'HV-TCP' });
    // Sent as is, past the service's validation: the host-side check is what keeps the change whole.
    await assert.rejects(
      async () =>
        m.engine.runOne(
          setMigrationSettings({
            maximumStorageMigrations: storageBefore + 3,
            performanceOption: 'SMB',
            smbLiveMigrationBytesPerSecond: 500 * MB,
          }),
          await m.target('HV-TCP'),
        ),
      (e: Error) => /FS-SMBBW/.test(e.message),
    );
    assert.equal(await m.lab.pwsh<number>('(Get-VMHost).MaximumStorageMigrations', { host: 'HV-TCP' }), storageBefore);
    assert.equal(
      await m.lab.pwsh<string>('[string](Get-VMHost).VirtualMachineMigrationPerformanceOption', { host: 'HV-TCP' }),
      'TCPIP',
    );
    // and the service refuses it before sending
    await assert.rejects(
      settings.change('HV-TCP', { performanceOption: 'SMB', smbLiveMigrationBytesPerSecond: 500 * MB }),
      /HV-TCP cannot take an SMB bandwidth limit .*Install-WindowsFeature -Name FS-SMBBW/,
    );
  });
});

// The lab's SmbShare stand-in: Get-/Set-/Remove-SmbBandwidthLimit per host over the lab state, as Microsoft's
// reference describes them (lab/modules/SmbShare): one object per category with a limit, a -Category without one is
// CDXML's not-found error, less than 1 MB/s is refused, and nothing works without the FS-SMBBW feature.
import assert from 'node:assert/strict';
import { startLab, type Lab } from '../support/lab';

interface Limit {
  Category: string;
  BytesPerSecond: number;
}

/** Runs a command as a host and answers with the error it wrote or threw (its id and text), or 'none'. */
const errorOf = (lab: Lab, host: string, command: string): Promise<string> =>
  lab.pwsh<string>(
    `try { ${command} -ErrorAction Stop | Out-Null; 'none' } catch { "$($_.FullyQualifiedErrorId) | $($_.CategoryInfo.Category) | $($_.Exception.Message)" }`,
    { host },
  );

/** Get-SmbBandwidthLimit's list (lab.pwsh answers one object as itself, none as null). */
const limitsOf = async (lab: Lab, host: string): Promise<Limit[]> =>
  [
    (await lab.pwsh<Limit[] | Limit | null>(`Get-SmbBandwidthLimit | Select-Object Category, BytesPerSecond`, {
      host,
    })) ?? [],
  ].flat();

/** What the lab state holds for the host, read apart from the cmdlets under test. */
const stateOf = (lab: Lab, host: string): Promise<{ feature: boolean; limits: Limit[] }> =>
  lab.pwsh(
    `$h = (Get-LabState).Hosts | Where-Object Name -eq '${host}'; [pscustomobject]@{ feature = [bool]$h.Smb.BandwidthLimitFeature; limits = @($h.Smb.BandwidthLimits | ForEach-Object { [pscustomobject]@{ Category = $_.Category; BytesPerSecond = $_.BytesPerSecond } }) }`,
  );

describe('lab SmbShare: SMB bandwidth limits per host', function () {
  this.timeout(300_000);
  let lab: Lab;

  before(async () => {
    lab = await startLab({ topology: 'test-smb' });
  });

  after(async () => {
    await lab?.stop();
  });

  it("starts with the topology's limits, as MSFT_SmbBandwidthLimit objects with the category as the enum", async () => {
    assert.deepEqual(await limitsOf(lab, 'HV-SMB'), [{ Category: 'Default', BytesPerSecond: 104857600 }]);
    const type = await lab.pwsh<string[]>(
      `$l = Get-SmbBandwidthLimit -Category Default; @($l.PSObject.TypeNames[0], $l.Category.GetType().FullName)`,
      { host: 'HV-SMB' },
    );
    assert.deepEqual(type, [
      'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/SMB/MSFT_SmbBandwidthLimit',
      'Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit.BandwidthLimitCategory',
    ]);
  });

  it('a category without a limit is a not-found error when named, and absent from the list', async () => {
    assert.match(
      await errorOf(lab, 'HV-SMB', 'Get-SmbBandwidthLimit -Category LiveMigration'),
      /^CmdletizationQuery_NotFound_Category,Get-SmbBandwidthLimit \| ObjectNotFound \| No MSFT_SmbBandwidthLimit objects found with property 'Category' equal to 'LiveMigration'/,
    );
    assert.ok(!(await limitsOf(lab, 'HV-SMB')).some((l) => l.Category === 'LiveMigration'));
  });

  it('Set adds or changes one category, Remove takes it away, and the other categories stay', async () => {
    await lab.pwsh('Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 500MB -Confirm:$false', {
      host: 'HV-SMB',
    });
    await lab.pwsh('Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 1GB -Confirm:$false', {
      host: 'HV-SMB',
    });
    assert.deepEqual((await stateOf(lab, 'HV-SMB')).limits, [
      { Category: 'Default', BytesPerSecond: 104857600 },
      { Category: 'LiveMigration', BytesPerSecond: 1073741824 },
    ]);
    const removed = await lab.pwsh<Limit>(
      'Remove-SmbBandwidthLimit -Category LiveMigration -PassThru | Select-Object Category, BytesPerSecond',
      { host: 'HV-SMB' },
    );
    assert.deepEqual(removed, { Category: 'LiveMigration', BytesPerSecond: 1073741824 });
    assert.deepEqual((await stateOf(lab, 'HV-SMB')).limits, [{ Category: 'Default', BytesPerSecond: 104857600 }]);
    assert.match(
      await errorOf(lab, 'HV-SMB', 'Remove-SmbBandwidthLimit -Category LiveMigration'),
      /^CmdletizationQuery_NotFound_Category,Remove-SmbBandwidthLimit \| ObjectNotFound/,
    );
  });

  it('refuses less than 1 MB per second and an unknown category, changing nothing', async () => {
    assert.match(
      await errorOf(lab, 'HV-SMB', 'Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 1048575'),
      /^HRESULT 0x80041008,Set-SmbBandwidthLimit \| InvalidArgument/,
    );
    assert.match(
      await errorOf(lab, 'HV-SMB', 'Set-SmbBandwidthLimit -Category Replica -BytesPerSecond 1GB'),
      /^ParameterArgumentTransformationError,Set-SmbBandwidthLimit/,
    );
    assert.match(
      await errorOf(lab, 'HV-SMB', 'Remove-SmbBandwidthLimit -Category LiveMigration -Confirm:$false'),
      /^NamedParameterNotFound,Remove-SmbBandwidthLimit/,
    );
    assert.deepEqual((await stateOf(lab, 'HV-SMB')).limits, [{ Category: 'Default', BytesPerSecond: 104857600 }]);
  });

  it('without the SMB Bandwidth Limit feature every cmdlet fails and nothing changes', async () => {
    for (const command of [
      'Get-SmbBandwidthLimit',
      'Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 500MB -Confirm:$false',
      'Remove-SmbBandwidthLimit',
    ]) {
      const verb = command.split(' ')[0]!;
      assert.match(
        await errorOf(lab, 'HV-TCP', command),
        new RegExp(`^HRESULT 0x80070032,${verb} \\| NotImplemented \\| .*FS-SMBBW`),
        command,
      );
    }
    assert.deepEqual(await stateOf(lab, 'HV-TCP'), { feature: false, limits: [] });
  });

  it('refuses a topology with limits but without the feature', async () => {
    const error = await lab.pwsh<string>(
      `try { $dir = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid()); $null = New-Item -ItemType Directory $dir; $file = Join-Path $dir 't.json'; Set-Content $file '{"hosts":[{"name":"X","address":"127.0.0.99","smb":{"bandwidthLimits":[{"category":"LiveMigration","bytesPerSecond":1048576}]}}]}'; Initialize-LabState -TopologyPath $file -StateDir (Join-Path $dir 'state'); 'accepted' } catch { $_.Exception.Message } finally { Remove-Item -Recurse -Force $dir }`,
    );
    assert.match(error, /X' has SMB bandwidth limits without the SMB Bandwidth Limit feature/);
  });
});

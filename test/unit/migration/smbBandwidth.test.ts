import * as assert from 'node:assert/strict';
import { validateSettingsChange, type HostMigrationSettings } from '../../../src/core/migration/hostSettings';
import { parseMigrationSettings, setMigrationSettings } from '../../../src/core/migration/operations/migrationSettings';
import { formatRate, parseRate, rateInputText } from '../../../src/core/migration/smbBandwidth';
import { hostSettingsScript } from '../../../src/core/migration/view/copyAsPowerShell';
import { describeChange, describeSettings } from '../../../src/core/migration/view/describeSettings';
import {
  draftChange,
  draftProblems,
  removeSmbLimit,
  setPerformanceOption,
  setSmbLimit,
  smbLimitProblem,
  startDraft,
  type SettingsDraft,
} from '../../../src/core/migration/view/hostSettingsDraft';
import { draftSections, type SettingsRow } from '../../../src/core/migration/view/hostSettingsRows';
import { hostSettings } from './estate';

const MB = 1_048_576;
const smbHost: HostMigrationSettings = {
  ...hostSettings,
  performanceOption: 'SMB',
  smbLiveMigrationLimit: { state: 'none' },
};
const limited: HostMigrationSettings = {
  ...smbHost,
  smbLiveMigrationLimit: { state: 'limit', bytesPerSecond: 500 * MB },
};

const bytesOf = (text: string): number | string => {
  const r = parseRate(text);
  return r.ok ? r.bytesPerSecond : r.reason;
};

function ok(edit: ReturnType<typeof setSmbLimit>): SettingsDraft {
  assert.ok(edit.ok, edit.ok ? '' : edit.reason);
  return edit.draft;
}

const settingRows = (d: SettingsDraft): readonly SettingsRow[] => draftSections(d)[0]!.rows;
const smbRows = (d: SettingsDraft): readonly SettingsRow[] =>
  settingRows(d).filter((r) => /SMB bandwidth limit/.test(r.label));

describe('SMB bandwidth limit of live migration: rates as an administrator types them', () => {
  it('reads MB/s as PowerShell counts MB (so 500 MB/s is Set-SmbBandwidthLimit -BytesPerSecond 500MB)', () => {
    assert.equal(bytesOf('500 MB/s'), 500 * MB);
    assert.equal(bytesOf('500'), 500 * MB);
    assert.equal(bytesOf(' 500MB '), 500 * MB);
    assert.equal(bytesOf('500 MBps'), 500 * MB);
    assert.equal(bytesOf('1.5 GB/s'), 1536 * MB);
    assert.equal(bytesOf('2,5 MB/s'), 2.5 * MB);
  });

  it('reads Gbit/s and Mbit/s as network rates (decimal bits)', () => {
    assert.equal(bytesOf('4 Gbit/s'), 500_000_000);
    assert.equal(bytesOf('4 Gbps'), 500_000_000);
    assert.equal(bytesOf('4 Gb/s'), 500_000_000);
    assert.equal(bytesOf('10 gbit/s'), 1_250_000_000);
    assert.equal(bytesOf('800 Mbit/s'), 100_000_000);
    assert.equal(bytesOf('800 mbps'), 100_000_000);
  });

  it('refuses garbage, an ambiguous unit, less than 1 MB/s and more than 1,000 Gbit/s, each with the reason', () => {
    for (const text of ['', 'fast', '-5 MB/s', '5e3', '500 MB/s please', '1/2 MB/s'])
      assert.match(String(bytesOf(text)), /Enter a rate such as 500 MB\/s or 4 Gbit\/s/, text);
    assert.match(String(bytesOf('500 mb/s')), /"mb\/s" is not a unit here: MB\/s for megabytes, Gbit\/s for gigabits/);
    assert.match(String(bytesOf('500 KB/s')), /"KB\/s" is not a unit here/);
    assert.match(String(bytesOf('0.5 MB/s')), /At least 1 MB\/s: Set-SmbBandwidthLimit refuses less than 1,048,576/);
    assert.match(String(bytesOf('8 Mbit/s')), /At least 1 MB\/s/);
    assert.equal(bytesOf('1 MB/s'), MB);
    assert.equal(bytesOf('1000 Gbit/s'), 125_000_000_000);
    assert.match(String(bytesOf('1001 Gbit/s')), /At most 119,209.3 MB\/s \(1,000 Gbit\/s\)/);
    assert.equal(smbLimitProblem('500 MB/s'), undefined);
    assert.match(smbLimitProblem('lots') ?? '', /Enter a rate/);
  });

  it('shows a limit in MB/s and Gbit/s, and offers it back for editing in MB/s', () => {
    assert.equal(formatRate(500 * MB), '500 MB/s (4.19 Gbit/s)');
    assert.equal(formatRate(500_000_000), '476.8 MB/s (4 Gbit/s)');
    assert.equal(formatRate(125_000 * MB), '125,000 MB/s (1,048.58 Gbit/s)');
    assert.equal(rateInputText(500 * MB), '500 MB/s');
    assert.equal(rateInputText(500_000_000), '476.837 MB/s');
    assert.equal(bytesOf(rateInputText(500 * MB)), 500 * MB);
  });
});

describe('SMB bandwidth limit of live migration: the host settings', () => {
  it("reads the host's answer: no limit, a limit, or unavailable with the host's reason", () => {
    const answer = (smb: unknown): unknown => ({
      host: 'HV-A',
      migrationEnabled: true,
      maximumVirtualMachineMigrations: 2,
      maximumStorageMigrations: 2,
      authenticationType: 'Kerberos',
      performanceOption: 'SMB',
      useAnyNetworkForMigration: true,
      networks: null,
      smbLiveMigrationLimit: smb,
    });
    assert.deepEqual(parseMigrationSettings(answer({ state: 'none' })).smbLiveMigrationLimit, { state: 'none' });
    assert.deepEqual(
      parseMigrationSettings(answer({ state: 'limit', bytesPerSecond: 524288000 })).smbLiveMigrationLimit,
      {
        state: 'limit',
        bytesPerSecond: 524288000,
      },
    );
    assert.deepEqual(
      parseMigrationSettings(answer({ state: 'unavailable', reason: 'no FS-SMBBW' })).smbLiveMigrationLimit,
      {
        state: 'unavailable',
        reason: 'no FS-SMBBW',
      },
    );
    assert.equal(parseMigrationSettings(answer(null)).smbLiveMigrationLimit, undefined);
    assert.throws(
      () => parseMigrationSettings(answer({ state: 'limit' })),
      /smbLiveMigrationLimit\.bytesPerSecond: expected a number/,
    );
    assert.throws(() => parseMigrationSettings(answer({ state: 'maybe' })), /smbLiveMigrationLimit\.state: expected/);
  });

  it('sends a limit as bytes per second and a removal as its own switch, nothing when it does not change', () => {
    assert.deepEqual(setMigrationSettings({ smbLiveMigrationBytesPerSecond: 500 * MB }).parameters, {
      SmbLiveMigrationBytesPerSecond: 500 * MB,
    });
    assert.deepEqual(setMigrationSettings({ smbLiveMigrationBytesPerSecond: null }).parameters, {
      RemoveSmbLiveMigrationLimit: true,
    });
    assert.deepEqual(setMigrationSettings({ maximumStorageMigrations: 3 }).parameters, { MaximumStorageMigrations: 3 });
  });

  it('refuses a limit the host cannot take: without SMB, without the feature, or out of range', () => {
    const problems = (change: Parameters<typeof validateSettingsChange>[0], current: HostMigrationSettings): string[] =>
      validateSettingsChange(change, current).map((p) => `${p.field}: ${p.message}`);
    assert.deepEqual(problems({ smbLiveMigrationBytesPerSecond: 500 * MB }, smbHost), []);
    assert.deepEqual(problems({ smbLiveMigrationBytesPerSecond: null }, limited), []);
    assert.match(
      problems({ smbLiveMigrationBytesPerSecond: 500 * MB }, hostSettings).join(),
      /smbLiveMigrationBytesPerSecond: .*only with the performance option SMB/,
    );
    assert.deepEqual(
      problems({ smbLiveMigrationBytesPerSecond: 500 * MB, performanceOption: 'SMB' }, hostSettings),
      [],
    );
    const noFeature: HostMigrationSettings = {
      ...smbHost,
      smbLiveMigrationLimit: { state: 'unavailable', reason: 'FS-SMBBW is not installed.' },
    };
    assert.match(
      problems({ smbLiveMigrationBytesPerSecond: 500 * MB }, noFeature).join(),
      /HV-A cannot take an SMB bandwidth limit \(FS-SMBBW is not installed\.\)\. .*Install-WindowsFeature -Name FS-SMBBW/,
    );
    assert.match(problems({ smbLiveMigrationBytesPerSecond: 1000 }, smbHost).join(), /At least 1 MB\/s/);
    assert.match(problems({ smbLiveMigrationBytesPerSecond: 1.5 }, smbHost).join(), /Enter a rate/);
  });

  it('the draft keeps a limit only while it differs from the host; removing one the host has is a change', () => {
    const d = ok(setSmbLimit(startDraft(smbHost), '500 MB/s'));
    assert.deepEqual(draftChange(d), { smbLiveMigrationBytesPerSecond: 500 * MB });
    assert.deepEqual(draftChange(removeSmbLimit(d)), {});
    assert.deepEqual(draftChange(ok(setSmbLimit(startDraft(limited), '500'))), {});
    assert.deepEqual(draftChange(removeSmbLimit(startDraft(limited))), { smbLiveMigrationBytesPerSecond: null });
    const refused = setSmbLimit(startDraft(smbHost), '0.1 MB/s');
    assert.ok(!refused.ok && /At least 1 MB\/s/.test(refused.reason));
    assert.deepEqual(draftProblems(d), []);
  });

  it('leaving the performance option SMB drops a pending limit change; choosing SMB keeps it', () => {
    const d = ok(setSmbLimit(startDraft(smbHost), '4 Gbit/s'));
    assert.deepEqual(draftChange(setPerformanceOption(d, 'TCPIP')), { performanceOption: 'TCPIP' });
    assert.deepEqual(draftChange(setPerformanceOption(d, 'SMB')), { smbLiveMigrationBytesPerSecond: 500_000_000 });
  });

  it('the row is editable with SMB, with a remove row when there is a limit; the change is described was → will be', () => {
    assert.deepEqual(
      smbRows(startDraft(smbHost)).map((r) => [r.label, r.value, r.action.kind]),
      [['SMB bandwidth limit for live migration', 'none', 'editSmbLimit']],
    );
    const d = ok(setSmbLimit(startDraft(smbHost), '500 MB/s'));
    const rows = smbRows(d);
    assert.deepEqual(
      rows.map((r) => [r.label, r.value, r.was, r.action.kind]),
      [
        ['SMB bandwidth limit for live migration', '500 MB/s (4.19 Gbit/s)', 'none', 'editSmbLimit'],
        ['Remove the SMB bandwidth limit', 'live migration over SMB unlimited', undefined, 'removeSmbLimit'],
      ],
    );
    assert.deepEqual(describeChange(draftChange(d), smbHost), [
      'SMB bandwidth limit for live migration: none → 500 MB/s (4.19 Gbit/s)',
    ]);
    assert.deepEqual(describeChange(draftChange(removeSmbLimit(startDraft(limited))), limited), [
      'SMB bandwidth limit for live migration: 500 MB/s (4.19 Gbit/s) → none',
    ]);
    assert.match(describeSettings(limited), /SMB, SMB bandwidth limit for live migration 500 MB\/s \(4\.19 Gbit\/s\)/);
    assert.doesNotMatch(describeSettings({ ...limited, performanceOption: 'TCPIP' }), /SMB bandwidth limit/);
  });

  it('without SMB the row stays in sight, read-only with the reason; without the feature it says what is missing', () => {
    const tcp: HostMigrationSettings = { ...limited, performanceOption: 'TCPIP' };
    const [row, ...more] = smbRows(startDraft(tcp));
    assert.equal(more.length, 0);
    assert.equal(row!.value, '500 MB/s (4.19 Gbit/s) · applies only with performance option SMB');
    assert.equal(row!.action.kind, 'none');
    assert.match(row!.detail ?? '', /Choose performance option SMB to change it/);
    // choosing SMB in the same draft makes it editable at once
    assert.equal(smbRows(setPerformanceOption(startDraft(tcp), 'SMB'))[0]!.action.kind, 'editSmbLimit');
    const noFeature: HostMigrationSettings = {
      ...smbHost,
      smbLiveMigrationLimit: { state: 'unavailable', reason: 'The feature is not installed.' },
    };
    const [gone] = smbRows(startDraft(noFeature));
    assert.deepEqual([gone!.value, gone!.action.kind], ['unavailable', 'none']);
    assert.match(gone!.detail ?? '', /The feature is not installed\. .*Install-WindowsFeature -Name FS-SMBBW/);
    assert.deepEqual(smbRows(startDraft(hostSettings)), [], 'no row when the host did not report the limit');
  });

  it('Copy as PowerShell sets with bytes per second, removes only a limit that is there, and reads it back', () => {
    const set = hostSettingsScript('HV-A', { smbLiveMigrationBytesPerSecond: 500 * MB }).split('\n');
    assert.ok(set.includes('Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 524288000 -Confirm:$false'));
    assert.ok(set.includes('Get-SmbBandwidthLimit -Category LiveMigration -ErrorAction SilentlyContinue'));
    const remove = hostSettingsScript('HV-A', { smbLiveMigrationBytesPerSecond: null });
    assert.match(
      remove,
      /if \(@\(Get-SmbBandwidthLimit -Category LiveMigration -ErrorAction SilentlyContinue\)\.Count -gt 0\) \{ Remove-SmbBandwidthLimit -Category LiveMigration \}/,
    );
    assert.doesNotMatch(remove, /Remove-SmbBandwidthLimit[^\n]*-Confirm/);
    assert.doesNotMatch(hostSettingsScript('HV-A', { maximumStorageMigrations: 3 }), /SmbBandwidthLimit/);
  });
});

import * as assert from 'node:assert/strict';
import { describeChange, describeSettings } from '../../../src/core/migration/view/describeSettings';
import {
  addNetwork,
  draftChange,
  draftProblems,
  hasChanges,
  keepNetwork,
  limitProblem,
  priorityProblem,
  removeNetwork,
  setAuthentication,
  setLimit,
  setPerformanceOption,
  startDraft,
  subnetProblem,
  toggleAuthentication,
  toggleMigration,
  toggleUseAnyNetwork,
  type SettingsDraft,
} from '../../../src/core/migration/view/hostSettingsDraft';
import { draftSections } from '../../../src/core/migration/view/hostSettingsRows';
import { hostSettings } from './estate';

const current = hostSettings;

function ok(edit: ReturnType<typeof setLimit>): SettingsDraft {
  assert.ok(edit.ok, edit.ok ? '' : edit.reason);
  return edit.draft;
}

describe('host migration settings: the editing draft', () => {
  it('starts with no change; toggling twice leaves no change behind', () => {
    const d = startDraft(current);
    assert.deepEqual(draftChange(d), {});
    assert.equal(hasChanges(d), false);
    assert.deepEqual(draftChange(toggleMigration(d)), { migrationEnabled: false });
    assert.deepEqual(draftChange(toggleMigration(toggleMigration(d))), {});
    assert.deepEqual(draftChange(toggleUseAnyNetwork(d)), { useAnyNetworkForMigration: true });
    assert.deepEqual(draftChange(toggleUseAnyNetwork(toggleUseAnyNetwork(d))), {});
    assert.deepEqual(draftChange(toggleAuthentication(d)), { authenticationType: 'CredSSP' });
    assert.deepEqual(draftChange(toggleAuthentication(toggleAuthentication(d))), {});
  });

  it('choosing the host value again is no change', () => {
    const d = startDraft(current);
    assert.deepEqual(draftChange(setPerformanceOption(d, 'SMB')), { performanceOption: 'SMB' });
    assert.deepEqual(draftChange(setPerformanceOption(setPerformanceOption(d, 'SMB'), 'Compression')), {});
    assert.deepEqual(draftChange(setAuthentication(d, 'Kerberos')), {});
    assert.deepEqual(
      draftChange(ok(setLimit(ok(setLimit(d, 'maximumStorageMigrations', '5')), 'maximumStorageMigrations', '2'))),
      {},
    );
  });

  it('an invalid number never enters the change; the reason comes from the core validation', () => {
    const d = startDraft(current);
    for (const text of ['0', '65', '2.5', 'abc', '', '-1', '1e1', ' ']) {
      const edit = setLimit(d, 'maximumVirtualMachineMigrations', text);
      assert.equal(edit.ok, false, text);
      assert.equal(limitProblem('maximumVirtualMachineMigrations', text), 'Enter a whole number from 1 to 64.');
    }
    assert.equal(limitProblem('maximumStorageMigrations', ' 8 '), undefined);
    assert.deepEqual(draftChange(ok(setLimit(d, 'maximumVirtualMachineMigrations', '8'))), {
      maximumVirtualMachineMigrations: 8,
    });
  });

  it("removing a network that was just added cancels out; removing one of the host's and keeping it again too", () => {
    const d = startDraft(current);
    const added = ok(addNetwork(d, ' 10.0.2.0/24 ', '2'));
    assert.deepEqual(draftChange(added), { addNetworks: [{ subnet: '10.0.2.0/24', priority: 2 }] });
    assert.deepEqual(draftChange(removeNetwork(added, '10.0.2.0/24')), {});
    const removed = removeNetwork(toggleUseAnyNetwork(d), '10.0.1.0/24');
    assert.deepEqual(draftChange(removed), { useAnyNetworkForMigration: true, removeNetworks: ['10.0.1.0/24'] });
    assert.deepEqual(
      draftChange(removeNetwork(removed, '10.0.1.0/24')),
      draftChange(removed),
      'removing twice is once',
    );
    assert.deepEqual(draftChange(keepNetwork(removed, '10.0.1.0/24')), { useAnyNetworkForMigration: true });
    // Adding back the removed network as it was keeps it; with another priority it is removed and added again.
    assert.deepEqual(draftChange(ok(addNetwork(removed, '10.0.1.0/24', ''))), { useAnyNetworkForMigration: true });
    assert.deepEqual(draftChange(ok(addNetwork(removed, '10.0.1.0/24', '5'))), {
      useAnyNetworkForMigration: true,
      removeNetworks: ['10.0.1.0/24'],
      addNetworks: [{ subnet: '10.0.1.0/24', priority: 5 }],
    });
  });

  it('refuses bad or duplicate subnets and priorities as they are typed', () => {
    const d = ok(addNetwork(startDraft(current), '10.0.2.0/24'));
    assert.match(subnetProblem(d, '10.0.*') ?? '', /not an address/);
    assert.match(subnetProblem(d, '10.0.1.0/24') ?? '', /already a migration network/);
    assert.match(subnetProblem(d, '10.0.2.0/24') ?? '', /already a migration network/);
    assert.match(subnetProblem(d, '') ?? '', /Enter an address/);
    assert.equal(subnetProblem(d, 'fd00::/64'), undefined);
    assert.equal(priorityProblem('fd00::/64', ''), undefined);
    assert.equal(priorityProblem('fd00::/64', '3'), undefined);
    assert.match(priorityProblem('fd00::/64', '-1') ?? '', /Priority of fd00::\/64/);
    assert.equal(addNetwork(d, '10.0.1.0/24').ok, false);
    assert.equal(addNetwork(d, 'fd00::/64', 'x').ok, false);
  });

  it('problems of the whole change: the last network removed without "use any network"', () => {
    const d = removeNetwork(startDraft(current), '10.0.1.0/24');
    assert.deepEqual(
      draftProblems(d).map((p) => p.field),
      ['useAnyNetworkForMigration'],
    );
    assert.ok(draftSections(d).some((s) => s.title === 'Cannot apply yet'));
    assert.deepEqual(draftProblems(toggleUseAnyNetwork(d)), []);
  });

  it('rows carry the stable labels, the host value beside a changed one, and the change summary on Apply', () => {
    const d = toggleMigration(ok(setLimit(startDraft(current), 'maximumStorageMigrations', '4')));
    const rows = draftSections(d).flatMap((s) => s.rows);
    const labels = rows.map((r) => r.label);
    for (const l of [
      'Live migration',
      'Simultaneous live migrations',
      'Simultaneous storage migrations',
      'Authentication',
      'Performance option',
      'Use any network',
      '10.0.1.0/24',
      'Add migration network…',
      'Apply changes',
      'Copy as PowerShell',
      'Discard',
    ]) {
      assert.ok(labels.includes(l), l);
    }
    const live = rows.find((r) => r.label === 'Live migration')!;
    assert.equal(live.value, 'Off');
    assert.equal(live.was, 'On');
    assert.equal(rows.find((r) => r.label === 'Authentication')!.was, undefined);
    const apply = rows.find((r) => r.label === 'Apply changes')!;
    assert.equal(apply.value, '2 changes');
    assert.equal(apply.detail, 'Live migration: On → Off · Simultaneous storage migrations: 2 → 4');
    const kerberosNote = draftSections(startDraft(current))
      .find((s) => s.title === 'Notes')!
      .rows.map((r) => r.label);
    assert.ok(kerberosNote.some((n) => n.startsWith('Kerberos')));
    // Notes follow the value being chosen, not only the host's.
    const credNotes = draftSections(toggleAuthentication(startDraft(current)))
      .find((s) => s.title === 'Notes')!
      .rows.map((r) => r.label);
    assert.ok(credNotes.some((n) => n.startsWith('CredSSP')));
  });

  it("network rows: the host's can be removed, a removed one kept, an added one removed", () => {
    const d = ok(addNetwork(removeNetwork(toggleUseAnyNetwork(startDraft(current)), '10.0.1.0/24'), '10.0.9.0/24'));
    const nets = draftSections(d).find((s) => s.title === 'Migration networks')!.rows;
    assert.deepEqual(
      nets.map((r) => [r.label, r.value, r.action]),
      [
        ['10.0.1.0/24', 'priority 1, to be removed', { kind: 'network', subnet: '10.0.1.0/24', state: 'removed' }],
        ['10.0.9.0/24', 'no priority, to be added', { kind: 'network', subnet: '10.0.9.0/24', state: 'added' }],
        ['Add migration network…', undefined, { kind: 'addNetwork' }],
      ],
    );
  });

  it('describes a change and the settings the host reports', () => {
    assert.deepEqual(
      describeChange(
        {
          authenticationType: 'CredSSP',
          useAnyNetworkForMigration: true,
          removeNetworks: ['10.0.1.0/24'],
          addNetworks: [{ subnet: '10.0.2.0/24', priority: 2 }],
        },
        current,
      ),
      [
        'Authentication: Kerberos → CredSSP',
        'Use any network: no → yes',
        'Remove migration network 10.0.1.0/24',
        'Add migration network 10.0.2.0/24 (priority 2)',
      ],
    );
    assert.equal(
      describeSettings(current),
      'live migration on, 2 live and 2 storage migrations at once, Kerberos, Compression, networks 10.0.1.0/24 (priority 1)',
    );
  });
});

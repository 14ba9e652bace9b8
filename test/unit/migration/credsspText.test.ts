import * as assert from 'node:assert/strict';
import { settingsNotes } from '../../../src/core/migration/hostSettings';
import { startDraft, toggleAuthentication } from '../../../src/core/migration/view/hostSettingsDraft';
import { draftSections } from '../../../src/core/migration/view/hostSettingsRows';
import { hostSettings } from './estate';

const authRow = (d: ReturnType<typeof startDraft>) =>
  draftSections(d)[0]!.rows.find((r) => r.label === 'Authentication')!;

describe('host migration settings: the CredSSP choice says what it hands the host', () => {
  it('choosing CredSSP says the source host receives reusable credentials; Kerberos that no host gets the password', () => {
    const kerberos = startDraft(hostSettings);
    assert.match(authRow(kerberos).detail ?? '', /no host receives your password/);
    const credssp = toggleAuthentication(kerberos);
    assert.equal(authRow(credssp).value, 'CredSSP');
    assert.match(authRow(credssp).detail ?? '', /hands the source host your reusable credentials/);
    assert.match(authRow(credssp).detail ?? '', /sign in as you elsewhere/);
    assert.ok(
      settingsNotes({ ...hostSettings, authenticationType: 'CredSSP' }).some((n) => /reusable credentials/.test(n)),
    );
  });

  it('an authentication value the host reports that is not one of the two is shown without a description', () => {
    for (const odd of ['constructor', '__proto__', 'toString'])
      assert.equal(authRow(startDraft({ ...hostSettings, authenticationType: odd })).detail, undefined, odd);
  });
});

import * as assert from 'node:assert/strict';
import { authenticationDescriptions } from '../../../src/core/connections/connectionEntry';
import { credentialKey, describeDestination } from '../../../src/core/connections/credentialDestination';
import { validateNodeName } from '../../../src/core/connections/validation';

describe('connections: where credentials go', () => {
  it('keys a password by transport, address, port, user, HTTPS and delegation; not by name', () => {
    const base = { name: 'A', kind: 'host' as const, transport: 'wsman' as const, address: 'hv01', userName: 'LAB\\u' };
    const key = credentialKey(base);
    assert.equal(credentialKey({ ...base, name: 'B' }), key);
    assert.equal(credentialKey({ ...base, address: 'HV01.' }), key);
    assert.equal(credentialKey({ ...base, port: 5985 }), key, 'the default port spelled out is the same place');
    for (const other of [
      { address: 'hv02' },
      { port: 1 },
      { userName: 'LAB\\v' },
      { transport: 'ssh' as const },
      { useSSL: true },
      { authentication: 'CredSSP' as const },
    ]) {
      assert.notEqual(credentialKey({ ...base, ...other }), key, JSON.stringify(other));
    }
    assert.equal(
      credentialKey({ ...base, authentication: 'Kerberos' }),
      key,
      'Kerberos and Negotiate hand the host nothing reusable',
    );
  });

  it('the password prompt says where the password goes, and that CredSSP hands it to the host', () => {
    assert.equal(
      describeDestination({
        name: 'n',
        kind: 'host',
        transport: 'wsman',
        address: '10.0.0.5',
        useSSL: true,
        userName: 'LAB\\u',
      }),
      'LAB\\u at 10.0.0.5:5986 (WinRM over HTTPS)',
    );
    assert.match(
      describeDestination({ name: 'hv', kind: 'host', transport: 'wsman', userName: 'u', authentication: 'CredSSP' }),
      /u at hv:5985 \(WinRM, CredSSP: the host receives your reusable credentials\)/,
    );
  });

  it('the CredSSP choice says that the host receives reusable credentials; the others that it does not', () => {
    assert.match(authenticationDescriptions.CredSSP, /host receives your reusable credentials/);
    assert.match(authenticationDescriptions.CredSSP, /sign in as you elsewhere/);
    assert.match(authenticationDescriptions.Kerberos, /no reusable credentials/);
  });

  it('a node name reported by a cluster is a plain host name or FQDN', () => {
    for (const ok of ['PROD-N1', 'prod-n1.contoso.com', 'HV_01', 'n1.'])
      assert.equal(validateNodeName(ok), undefined, ok);
    for (const bad of [
      '',
      '-oProxyCommand=x',
      'n1 n2',
      'n1;rm',
      '$(x)',
      "n1'",
      '10.0.0.1',
      'fe80::1',
      'a..b',
      'host:22',
      'x'.repeat(64),
      `${'a.'.repeat(127)}a`,
      'n1\nn2',
    ]) {
      assert.notEqual(validateNodeName(bad), undefined, JSON.stringify(bad));
    }
  });
});

import * as assert from 'node:assert/strict';
import { toHostConnection } from '../../../src/core/connections/connectionEntry';
import { readConnections, toSettingsValue } from '../../../src/core/connections/readSettings';
import { validateHostName, validatePort, validateUserName } from '../../../src/core/connections/validation';

describe('connection settings', () => {
  it('accepts host names, FQDNs and IP addresses', () => {
    for (const ok of [
      'HV01',
      'hv-east.contoso.com',
      'hv-east.contoso.com.',
      '10.0.0.5',
      '127.0.0.11',
      'fe80::1',
      '2001:db8::5',
    ]) {
      assert.equal(validateHostName(ok), undefined, ok);
    }
  });

  it('refuses what cannot be a host name, saying why', () => {
    assert.match(validateHostName('') ?? '', /Enter a host name/);
    assert.match(validateHostName('-bad') ?? '', /"-bad" is not a valid host name part/);
    assert.match(validateHostName('a..b') ?? '', /empty parts/);
    assert.match(validateHostName('host name') ?? '', /not a valid host name part/);
    assert.match(validateHostName('$(rm -rf /)') ?? '', /not a valid host name part/);
    assert.match(validateHostName('300.1.1.1') ?? '', /not a valid IPv4/);
    assert.match(validateHostName('a'.repeat(64)) ?? '', /at most 63/);
  });

  it('checks the port range and user names', () => {
    assert.equal(validatePort(''), undefined);
    assert.equal(validatePort('5986'), undefined);
    for (const bad of ['0', '65536', '-1', '22x', '1.5']) assert.match(validatePort(bad) ?? '', /1 to 65535/, bad);
    assert.equal(validateUserName('CONTOSO\\admin'), undefined);
    assert.equal(validateUserName('admin@contoso.com'), undefined);
    assert.match(validateUserName('ad min') ?? '', /no spaces/);
  });

  it('reads settings, reporting and skipping bad or duplicate entries', () => {
    const read = readConnections(
      [
        { name: 'HV-EAST', transport: 'ssh', address: '127.0.0.11', userName: 'root', keyFilePath: '/keys/id' },
        { name: 'CLU-PROD', kind: 'cluster' },
        { name: 'bad host' },
        { name: 'HV-WEST', port: 70000 },
        { name: 'hv-east' },
        { name: 'HV-KEY', transport: 'ssh', keyFilePath: '/missing' },
        'nonsense',
      ],
      (p) => p === '/keys/id',
    );
    assert.deepEqual(
      read.entries.map((e) => `${e.name}:${e.kind}:${e.transport}`),
      ['HV-EAST:host:ssh', 'CLU-PROD:cluster:wsman'],
    );
    assert.deepEqual(
      read.problems.map((p) => p.index),
      [2, 3, 4, 5, 6],
    );
    assert.match(read.problems[1]!.message, /port/);
    assert.match(read.problems[2]!.message, /listed twice/);
    assert.match(read.problems[3]!.message, /no file at \/missing/);
  });

  it('writes back only what is set, and builds the engine connection', () => {
    const entry = {
      name: 'HV-EAST',
      kind: 'host' as const,
      transport: 'ssh' as const,
      address: '127.0.0.11',
      keyFilePath: '/k',
    };
    assert.deepEqual(toSettingsValue(entry), {
      name: 'HV-EAST',
      transport: 'ssh',
      address: '127.0.0.11',
      keyFilePath: '/k',
    });
    assert.deepEqual(toHostConnection(entry), {
      name: 'HV-EAST',
      transport: 'ssh',
      address: '127.0.0.11',
      port: undefined,
      userName: undefined,
      keyFilePath: '/k',
      authentication: undefined,
      useSSL: undefined,
    });
    // a node found through a cluster is reached by its own name with the cluster's settings
    const node = toHostConnection(
      { name: 'CLU', kind: 'cluster', transport: 'wsman', address: 'clu.contoso.com', authentication: 'Kerberos' },
      'N1',
    );
    assert.equal(node.name, 'N1');
    assert.equal(node.address, 'N1');
    assert.equal(node.authentication, 'Kerberos');
  });
});

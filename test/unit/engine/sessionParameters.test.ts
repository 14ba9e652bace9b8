import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { sessionKey, sessionParameters } from '../../../src/engine/sessionParameters';

const timeouts = { connectTimeoutMs: 4_500, openTimeoutMs: 30_000 };

describe('New-PSSession arguments', () => {
  it('ssh: -HostName, -UserName, -KeyFilePath, -Port, never prompts, fails fast', () => {
    const params = sessionParameters(
      {
        name: 'HV1',
        transport: 'ssh',
        address: '10.0.0.5',
        port: 2222,
        userName: 'admin',
        keyFilePath: '/k/id',
        sshOptions: { UserKnownHostsFile: '/dev/null', BatchMode: 'no' },
      },
      timeouts,
    );
    assert.deepEqual(params, {
      HostName: '10.0.0.5',
      UserName: 'admin',
      KeyFilePath: '/k/id',
      Port: 2222,
      // BatchMode can not be turned off: nobody could answer a prompt.
      Options: { UserKnownHostsFile: '/dev/null', BatchMode: 'yes', ConnectTimeout: '5' },
      ConnectingTimeout: 30_000,
    });
  });

  it('ssh: the host name is the address when none is given; optional values are left out', () => {
    assert.deepEqual(sessionParameters({ name: 'hv1.corp', transport: 'ssh' }, timeouts), {
      HostName: 'hv1.corp',
      Options: { BatchMode: 'yes', ConnectTimeout: '5' },
      ConnectingTimeout: 30_000,
    });
  });

  it('wsman: -ComputerName with the authentication asked for, -UseSSL and -Port when set', () => {
    assert.deepEqual(
      sessionParameters(
        { name: 'HV1', transport: 'wsman', authentication: 'CredSSP', useSSL: true, port: 5986 },
        timeouts,
      ),
      {
        ComputerName: 'HV1',
        Authentication: 'CredSSP',
        UseSSL: true,
        Port: 5986,
      },
    );
    assert.deepEqual(sessionParameters({ name: 'HV1', transport: 'wsman', address: 'hv1.corp.example' }, timeouts), {
      ComputerName: 'hv1.corp.example',
      Authentication: 'Default',
    });
    for (const authentication of ['Kerberos', 'Negotiate', 'Default'] as const) {
      assert.equal(
        sessionParameters({ name: 'HV1', transport: 'wsman', authentication }, timeouts).Authentication,
        authentication,
      );
    }
  });

  it('wsman: the credential is never part of the splat (the dispatcher builds a PSCredential)', () => {
    const params = sessionParameters({ name: 'HV1', transport: 'wsman', userName: 'CORP\\admin' }, timeouts);
    assert.equal(JSON.stringify(params).includes('Credential'), false);
  });

  it('local: nothing to connect to', () => {
    assert.deepEqual(sessionParameters({ name: 'lab', transport: 'local' }, timeouts), {});
  });

  it('session keys: the same connection shares a session; another user or password does not; no secret is readable', () => {
    const secret = randomBytes(32);
    const c = { name: 'HV1', transport: 'wsman' as const };
    const a = sessionKey(c, { userName: 'u', password: 'S3cret!' }, secret);
    assert.equal(a, sessionKey(c, { userName: 'u', password: 'S3cret!' }, secret));
    assert.notEqual(a, sessionKey(c, { userName: 'u', password: 'other' }, secret));
    assert.notEqual(a, sessionKey(c, { userName: 'v', password: 'S3cret!' }, secret));
    assert.notEqual(a, sessionKey({ ...c, port: 1 }, undefined, secret));
    assert.match(a, /^[0-9a-f]{32}$/);
  });

  it('session keys are keyed by a secret of the engine: a logged key cannot be used to guess the password offline', () => {
    const c = { name: 'HV1', transport: 'wsman' as const };
    const credential = { userName: 'u', password: 'S3cret!' };
    // Another engine (another secret) gives another key for the very same connection and password.
    assert.notEqual(sessionKey(c, credential, randomBytes(32)), sessionKey(c, credential, randomBytes(32)));
    // Not a plain hash of what it covers (what the key was before: sha256 of the parts).
    const parts = JSON.stringify(['wsman', 'HV1', '', '', '', '', '', 'false', '{}', 'u', 'S3cret!']);
    const plain = createHash('sha256').update(parts).digest('hex').slice(0, 32);
    assert.notEqual(sessionKey(c, credential, randomBytes(32)), plain);
  });
});

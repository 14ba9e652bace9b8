import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { createPrivateDir } from '../../../src/engine/privateDir';
import { channelAddress, SecretChannel } from '../../../src/engine/secretChannel';
import { base64Forms } from '../../support/secretForms';
import { decodeRequestLine, okAnswer } from './fakeProcess';
import { echo, Harness, ssh, wsman } from './harness';

const PASSWORD = 'Pa55-w0rd-SECRET-ä€';

function ask(address: string, ticket: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(address, () => socket.write(`${ticket}\n`));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('passwords never on a line PowerShell compiles', () => {
  it('the request line holds no password, in clear or base64; it names a one-time ticket the side channel answers', async () => {
    const h = new Harness(okAnswer(() => 1));
    await h.engine.run(echo(), [ssh('A'), wsman('W', PASSWORD), wsman('V', 'other-pass', 'CORP\\ops')]);
    const [line] = h.requestLines();
    assert.ok(line);
    const text = Buffer.from(/'([^']+)'/.exec(line)![1]!, 'base64').toString('utf8');
    for (const haystack of [line, text]) {
      assert.equal(haystack.includes(PASSWORD), false, 'the password in clear');
      for (const form of base64Forms(PASSWORD))
        assert.equal(haystack.includes(form), false, `the password as base64 (${form})`);
    }
    const request = decodeRequestLine(line);
    assert.match(request.secrets ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(
      request.hosts.map((x) => x.credential),
      [false, true, true],
    );
    const offers = h.processes[0]!.offers;
    assert.equal(offers.length, 1);
    assert.equal(offers[0]!.ticket, request.secrets);
    const entries = offers[0]!.payload.split(';').map((e) => e.split(','));
    const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');
    assert.deepEqual(
      entries.map(([index, user, password]) => [index, decode(user!), decode(password!)]),
      [
        ['1', 'CORP\\admin', PASSWORD],
        ['2', 'CORP\\ops', 'other-pass'],
      ],
    );
  });

  it('every request has its own ticket; a request with no password offers nothing', async () => {
    const h = new Harness(okAnswer(() => 1));
    await h.engine.run(echo(), [wsman('W', PASSWORD)]);
    await h.engine.run(echo(), [wsman('W', PASSWORD)]);
    await h.engine.run(echo(), [ssh('A'), { ...ssh('B'), credential: { userName: 'admin', password: PASSWORD } }]);
    const requests = h.requestLines().map(decodeRequestLine);
    assert.notEqual(requests[0]!.secrets, requests[1]!.secrets);
    // SSH authenticates by key: a password given for it is not sent anywhere.
    assert.equal(requests[2]!.secrets, null);
    assert.equal(h.processes[0]!.offers.length, 2);
  });
});

describe('the side channel (Unix socket in a private folder)', () => {
  it('hands an offer once to the one who names its ticket, and nothing to anyone else', async () => {
    const dir = createPrivateDir('hvm-test-');
    const channel = SecretChannel.open(dir.path);
    try {
      await channel.ready();
      assert.ok(channel.address.startsWith(dir.path));
      const withdraw = channel.offer('t1', 'payload-1');
      channel.offer('t2', 'payload-2');
      assert.equal(await ask(channel.address, 'nope'), '\n');
      assert.equal(await ask(channel.address, 't1'), 'payload-1\n');
      assert.equal(await ask(channel.address, 't1'), '\n', 'a ticket works once');
      withdraw();
      channel.offer('t3', 'payload-3')();
      assert.equal(await ask(channel.address, 't3'), '\n', 'a withdrawn offer is gone');
      assert.equal(await ask(channel.address, 't2'), 'payload-2\n');
    } finally {
      await channel.close();
      dir.remove();
    }
  });

  it('on Windows: a named pipe with a random name; the dispatcher is given the bare name (.NET adds \\\\.\\pipe\\)', () => {
    assert.deepEqual(channelAddress('C:\\ignored', 'win32', 'ab12'), {
      address: '\\\\.\\pipe\\hyperv-mobility-ab12',
      clientName: 'hyperv-mobility-ab12',
    });
    assert.deepEqual(channelAddress('/tmp/x', 'linux', 'ab12'), {
      address: '/tmp/x/secrets.sock',
      clientName: '/tmp/x/secrets.sock',
    });
    assert.notEqual(channelAddress(undefined, 'win32').clientName, channelAddress(undefined, 'win32').clientName);
  });
});

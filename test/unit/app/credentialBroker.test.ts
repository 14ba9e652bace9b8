import * as assert from 'node:assert/strict';
import { CredentialBroker, type PasswordPrompt, type SecretStore } from '../../../src/app/connections/credentialBroker';
import type { ConnectionEntry } from '../../../src/core/connections/connectionEntry';
import { credentialKey, legacyPasswordKey } from '../../../src/core/connections/credentialDestination';

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

/** Answers prompts from a list (undefined = dismissed) and records each prompt's text. */
class ScriptedPrompt implements PasswordPrompt {
  readonly asked: string[] = [];
  constructor(private readonly answers: (string | undefined)[]) {}
  ask(request: { title: string; prompt: string }): Promise<string | undefined> {
    this.asked.push(request.prompt);
    return Promise.resolve(this.answers.shift());
  }
}

const hv01: ConnectionEntry = {
  name: 'HV01',
  kind: 'host',
  transport: 'wsman',
  address: 'hv01.contoso.com',
  userName: 'CONTOSO\\admin',
};

describe('credential broker: a password belongs to its destination', () => {
  it('asks once, then uses the stored password for the same destination', async () => {
    const secrets = new MemorySecrets();
    const prompt = new ScriptedPrompt(['s3cret']);
    const b = new CredentialBroker(secrets, prompt);
    assert.deepEqual(await b.get(hv01, 'HV01'), { userName: 'CONTOSO\\admin', password: 's3cret' });
    assert.deepEqual(await b.get({ ...hv01, address: 'HV01.contoso.com.', userName: 'contoso\\ADMIN' }, 'HV01'), {
      userName: 'contoso\\ADMIN',
      password: 's3cret',
    });
    assert.equal(prompt.asked.length, 1);
    assert.match(prompt.asked[0]!, /CONTOSO\\admin at hv01\.contoso\.com:5985 \(WinRM\)/);
  });

  for (const [what, changed] of [
    ['address', { address: 'evil.example.com' }],
    ['port', { port: 15985 }],
    ['user', { userName: 'CONTOSO\\other' }],
    ['transport security (HTTPS → HTTP on one port)', { port: 5986 }],
    ['delegation (CredSSP)', { authentication: 'CredSSP' }],
  ] as const) {
    it(`a changed ${what} asks again and never gets the stored password`, async () => {
      const secrets = new MemorySecrets();
      const prompt = new ScriptedPrompt(['s3cret', undefined]);
      const b = new CredentialBroker(secrets, prompt);
      const https: ConnectionEntry = { ...hv01, useSSL: true, port: 5986 };
      const original = what.startsWith('transport') ? https : hv01;
      const moved: ConnectionEntry = what.startsWith('transport') ? { ...hv01, port: 5986 } : { ...hv01, ...changed };
      await b.get(original, 'HV01');
      assert.equal(await b.get(moved, 'HV01'), undefined, 'the old password is not handed to the new destination');
      assert.equal(prompt.asked.length, 2, 'the user is asked for the new destination');
    });
  }

  it('a rename alone keeps the password: names are labels', async () => {
    const b = new CredentialBroker(new MemorySecrets(), new ScriptedPrompt(['s3cret']));
    await b.get(hv01, 'HV01');
    assert.equal((await b.get({ ...hv01, name: 'HV01-renamed' }, 'HV01-renamed'))?.password, 's3cret');
  });

  it('a password saved by an earlier version under the entry name is deleted and never used', async () => {
    const secrets = new MemorySecrets();
    secrets.values.set(legacyPasswordKey(hv01), 'old-password');
    const prompt = new ScriptedPrompt(['new-password']);
    const b = new CredentialBroker(secrets, prompt);
    assert.equal((await b.get(hv01, 'HV01'))?.password, 'new-password');
    assert.equal(secrets.values.has(legacyPasswordKey(hv01)), false);
    assert.deepEqual([...secrets.values.keys()], [credentialKey(hv01)]);
  });

  it('a dismissed prompt is not shown again until the user asks (Retry), and a refused password is asked once', async () => {
    const secrets = new MemorySecrets();
    const prompt = new ScriptedPrompt([undefined, 'wrong', undefined]);
    const b = new CredentialBroker(secrets, prompt);
    assert.equal(await b.get(hv01, 'HV01'), undefined);
    for (let i = 0; i < 5; i++) assert.equal(await b.get(hv01, 'HV01'), undefined);
    assert.equal(prompt.asked.length, 1, 'automatic refreshes do not ask again');
    assert.equal((await b.get(hv01, 'HV01', { askAgain: true }))?.password, 'wrong');
    assert.equal(await b.renew(hv01, 'HV01'), undefined, 'dismissed again');
    assert.equal(await b.renew(hv01, 'HV01'), undefined);
    assert.equal(await b.get(hv01, 'HV01'), undefined);
    assert.equal(prompt.asked.length, 3);
    assert.equal(secrets.values.size, 0, 'the refused password is gone');
  });

  it('nodes of one cluster asking at once share one prompt', async () => {
    const prompt = new ScriptedPrompt(['s3cret']);
    const b = new CredentialBroker(new MemorySecrets(), prompt);
    const got = await Promise.all(['N1', 'N2', 'N3'].map((n) => b.get({ ...hv01, kind: 'cluster' }, n)));
    assert.deepEqual(
      got.map((c) => c?.password),
      ['s3cret', 's3cret', 's3cret'],
    );
    assert.equal(prompt.asked.length, 1);
  });

  it('forget deletes the destination password and the legacy one, and lets the prompt show again', async () => {
    const secrets = new MemorySecrets();
    const b = new CredentialBroker(secrets, new ScriptedPrompt([undefined, 'again']));
    await b.get(hv01, 'HV01');
    secrets.values.set(legacyPasswordKey(hv01), 'old');
    await b.forget(hv01);
    assert.equal(secrets.values.size, 0);
    assert.equal((await b.get(hv01, 'HV01'))?.password, 'again');
  });

  it('needs no password (and asks nothing) without a user name', async () => {
    const prompt = new ScriptedPrompt(['x']);
    assert.equal(
      await new CredentialBroker(new MemorySecrets(), prompt).get({ ...hv01, userName: undefined }, 'HV01'),
      undefined,
    );
    assert.equal(prompt.asked.length, 0);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { loadConfig } from './load-config.js';
import { sealSecret, unsealSecret } from './sealed-secret.js';
import { Secret } from './secret.js';
import { readTenantsFile } from './tenants-file.js';

const pair = (keyType: 'rsa' | 'ec' = 'rsa') =>
  generate([{ name: 'commonName', value: 'beacon test app' }], { keyType, keySize: 2048 });

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'beacon-tenants-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

describe('readTenantsFile', () => {
  it('reads a certificate credential from files named relative to the tenants file', async () => {
    const { cert, private: key } = await pair();
    const entry = { id: 't', clientId: 'c', certificateFile: 'app.crt', privateKeyFile: 'app.key' };
    const folder = folderWith({ 'app.crt': cert, 'app.key': key, 'tenants.json': JSON.stringify([entry]) });

    const read = readTenantsFile(join(folder, 'tenants.json'), {});

    expect(read.problems).toEqual([]);
    const credential = read.tenants[0]?.credential;
    expect(credential?.kind).toBe('certificate');
    if (credential?.kind !== 'certificate') return;
    expect(credential.certificate.privateKey.reveal()).toBe(key);
    expect(JSON.stringify(read.tenants)).not.toContain('PRIVATE KEY');
  });

  it('takes a certificate and key inline', async () => {
    const { cert, private: key } = await pair();
    const folder = folderWith({
      'tenants.json': JSON.stringify([{ id: 't', clientId: 'c', certificate: cert, privateKey: key }]),
    });
    expect(readTenantsFile(join(folder, 'tenants.json'), {}).tenants).toHaveLength(1);
  });

  it.each([
    [
      'another certificate’s key',
      async () => [(await pair()).cert, (await pair()).private],
      /not the certificate’s/,
    ],
    ['an EC key', async () => [(await pair('ec')).cert, (await pair('ec')).private], /must be an RSA key/],
    ['no PEM at all', async () => ['nope', (await pair()).private], /not an X.509 certificate/],
  ])('refuses %s, naming the tenant and no key', async (_case, make, reason) => {
    const [certificate, privateKey] = await make();
    const folder = folderWith({
      'tenants.json': JSON.stringify([
        { id: 'ok', clientId: 'c', clientSecret: 's' },
        { id: 'bad', clientId: 'c', certificate, privateKey },
      ]),
    });
    const read = readTenantsFile(join(folder, 'tenants.json'), {});
    expect(read.tenants).toEqual([]);
    expect(read.problems).toEqual([expect.stringMatching(/^tenant bad: /)]);
    expect(read.problems[0]).toMatch(reason);
    expect(read.problems.join()).not.toContain('PRIVATE KEY');
  });

  it.each([
    [{ id: 'a', clientId: 'c', clientSecret: 's', certificate: 'x', privateKey: 'y' }, /exactly one of/],
    [{ id: 'a', clientId: 'c', certificate: 'x' }, /needs one of privateKey and privateKeyFile/],
    [{ id: 'a', clientId: 'c', clientSecret: 's', privateKey: 'y' }, /go with a certificate/],
    [{ id: 'a', clientId: 'c', certificate: 'x', certificateFile: 'f', privateKey: 'y' }, /not both/],
    [
      { id: 'a', clientId: 'c', certificateFile: 'missing.crt', privateKey: 'y' },
      /certificateFile: cannot read .*ENOENT/,
    ],
  ])('refuses the entry %j', (entry, reason) => {
    const folder = folderWith({ 'tenants.json': JSON.stringify([entry]) });
    expect(readTenantsFile(join(folder, 'tenants.json'), {}).problems.join()).toMatch(reason);
  });
});

describe('sealed credentials', () => {
  const key = new Secret(Buffer.alloc(32, 7).toString('base64'));

  it('open with the key and tenant they were sealed for, and with nothing else', () => {
    const sealed = sealSecret('hunter2', key, 'contoso');
    expect(sealed).not.toContain('hunter2');
    expect(unsealSecret(sealed, key, 'contoso')).toBe('hunter2');
    expect(() => unsealSecret(sealed, key, 'fabrikam')).toThrow(/does not open/);
    const otherKey = new Secret(Buffer.alloc(32, 8).toString('base64'));
    expect(() => unsealSecret(sealed, otherKey, 'contoso')).toThrow(/does not open/);
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => unsealSecret(altered, key, 'contoso')).toThrow(/does not open/);
  });

  it('TENANT_CREDENTIALS_KEY must be 32 bytes of base64, and never shows', () => {
    expect(() => loadConfig({ TENANT_CREDENTIALS_KEY: 'c2hvcnQ=' })).toThrow(
      /TENANT_CREDENTIALS_KEY: expected 32 random bytes/,
    );
    expect(() => loadConfig({ TENANT_CREDENTIALS_KEY: 'c2hvcnQ=' })).not.toThrow(/c2hvcnQ/);
    expect(loadConfig({ TENANT_CREDENTIALS_KEY: key.reveal() }).tenantCredentialsKey?.reveal()).toBe(
      key.reveal(),
    );
    expect(loadConfig({}).tenantCredentialsKey).toBeNull();
  });
});

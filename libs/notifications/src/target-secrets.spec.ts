import { Secret } from '#config';
import { openTargetSecrets, sealTargetSecrets } from './target-secrets.js';

const KEY = new Secret(Buffer.alloc(32, 1).toString('base64'));
const OTHER_KEY = new Secret(Buffer.alloc(32, 2).toString('base64'));
const TARGET = '4f1c2a7e-0000-4000-8000-000000000001';
const SECRETS = { url: 'https://hooks.example.test/abc?sig=SECRET', hmacSecret: 'an-hmac-secret-0123456789' };

describe('target secrets at rest', () => {
  it('seals each value, keeping the names, and opens with the key for the same target', () => {
    const sealed = sealTargetSecrets(SECRETS, KEY, TARGET);
    expect(Object.keys(sealed)).toEqual(['url', 'hmacSecret']);
    expect(JSON.stringify(sealed)).not.toMatch(/hooks\.example|SECRET|an-hmac/);
    expect(Object.values(sealed).every((value) => value.startsWith('v1.'))).toBe(true);
    expect(openTargetSecrets(sealed, KEY, TARGET)).toEqual(SECRETS);
  });

  it('does not open for another target, under another name, with another key, or without one', () => {
    const sealed = sealTargetSecrets(SECRETS, KEY, TARGET);
    expect(() => openTargetSecrets(sealed, KEY, '4f1c2a7e-0000-4000-8000-000000000002')).toThrow(
      /does not open/,
    );
    expect(() => openTargetSecrets({ hmacSecret: sealed.url! }, KEY, TARGET)).toThrow(/does not open/);
    expect(() => openTargetSecrets(sealed, OTHER_KEY, TARGET)).toThrow(/does not open/);
    expect(() => openTargetSecrets(sealed, null, TARGET)).toThrow(/TENANT_CREDENTIALS_KEY is not set/);
    expect(() => openTargetSecrets({ url: SECRETS.url }, KEY, TARGET)).toThrow(/not a sealed credential/);
  });

  it('needs no key for a target without secrets', () => {
    expect(sealTargetSecrets({}, KEY, TARGET)).toEqual({});
    expect(openTargetSecrets({}, null, TARGET)).toEqual({});
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { GraphTenant } from './beacon-config.js';
import { CheckedCertificates } from './checked-certificates.js';
import { readTenantsFile } from './tenants-file.js';

const pair = () => generate([{ name: 'commonName', value: 'beacon test app' }], { keySize: 2048 });

const certificateOf = (tenant: GraphTenant | undefined) =>
  tenant?.credential.kind === 'certificate' ? tenant.credential.certificate : undefined;

describe(CheckedCertificates.name, () => {
  let file: string;
  let a: Awaited<ReturnType<typeof pair>>;
  let b: Awaited<ReturnType<typeof pair>>;
  const write = (entries: object[]) => writeFileSync(file, JSON.stringify(entries));
  const entry = (id: string, { cert, private: key }: { cert: string; private: string }) => ({
    id,
    clientId: 'app',
    certificate: cert,
    privateKey: key,
  });

  beforeAll(async () => {
    [a, b] = await Promise.all([pair(), pair()]);
  });

  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), 'beacon-checked-')), 'tenants.json');
  });

  it('checks again only the entries whose certificate changed', () => {
    const checks = new CheckedCertificates();
    write([entry('one', a), entry('two', a)]);
    const first = readTenantsFile(file, {}, checks);
    write([entry('one', a), entry('two', b)]);
    const second = readTenantsFile(file, {}, checks);

    expect(second.problems).toEqual([]);
    expect(certificateOf(second.tenants[0])).toBe(certificateOf(first.tenants[0]));
    expect(certificateOf(second.tenants[1])).not.toBe(certificateOf(first.tenants[1]));
    expect(certificateOf(second.tenants[1])?.privateKey.reveal()).toBe(b.private);
  });

  it('starts from the tenants in force, as read at start-up', () => {
    write([entry('one', a)]);
    const atStart = readTenantsFile(file, {});
    const checks = CheckedCertificates.of(atStart.tenants);

    const again = readTenantsFile(file, {}, checks);

    expect(certificateOf(again.tenants[0])).toBe(certificateOf(atStart.tenants[0]));
  });

  it('refuses a bad pair every time, with its reason, and forgets pairs no longer listed', () => {
    const checks = new CheckedCertificates();
    const bad = { id: 'bad', clientId: 'app', certificate: a.cert, privateKey: b.private };
    write([entry('one', a), bad]);
    for (let read = 0; read < 2; read++) {
      expect(readTenantsFile(file, {}, checks).problems).toEqual([
        'tenant bad: the private key is not the certificate’s',
      ]);
    }
    write([entry('one', a)]);
    const kept = readTenantsFile(file, {}, checks).tenants[0];
    expect(certificateOf(readTenantsFile(file, {}, checks).tenants[0])).toBe(certificateOf(kept));

    write([entry('two', b)]);
    expect(readTenantsFile(file, {}, checks).problems).toEqual([]);
    write([entry('one', a)]);
    const back = readTenantsFile(file, {}, checks).tenants[0];

    // Checked anew (a new object) after a version that did not list it.
    expect(certificateOf(back)).toBeDefined();
    expect(certificateOf(back)).not.toBe(certificateOf(kept));
  });
});

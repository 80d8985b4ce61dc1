import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
}

/**
 * A self-signed certificate for Graph's origin, made at each start. It is its own CA, so that a client can
 * trust it through `NODE_EXTRA_CA_CERTS`: the Graph client only sends tokens to, and follows next links
 * on, https origins.
 */
export async function createCertificate(hosts: readonly string[]): Promise<Certificate> {
  const names = [...new Set(['localhost', '127.0.0.1', ...hosts])];
  const pems = await generate(
    [{ name: 'commonName', value: 'Beacon simulator (Microsoft Graph stand-in)' }],
    {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 30 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
        },
      ],
    },
  );
  return { key: pems.private, cert: pems.cert };
}

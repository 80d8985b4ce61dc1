import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { GraphCertificate } from './beacon-config.js';
import { Secret } from './secret.js';

/**
 * Checks a certificate credential before Beacon relies on it: the certificate and the key must be PEM, the
 * key RSA (Entra's client assertions are RS256) and the certificate's own. Throws an Error that says which,
 * and never shows the key.
 */
export function graphCertificate(certificatePem: string, privateKeyPem: string): GraphCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new Error('the certificate is not an X.509 certificate in PEM');
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new Error('the private key is not a private key in PEM (unencrypted)');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the private key must be an RSA key (RS256)');
  if (!certificate.checkPrivateKey(key)) throw new Error('the private key is not the certificate’s');
  return { certificatePem: certificate.toString(), privateKey: new Secret(privateKeyPem) };
}

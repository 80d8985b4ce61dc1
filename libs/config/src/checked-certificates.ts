import { createHash } from 'node:crypto';
import type { GraphCertificate, GraphTenant } from './beacon-config.js';
import { graphCertificate } from './graph-certificate.js';

/**
 * Certificate credentials already checked, by their exact PEM texts: when the tenants file changes, only
 * the entries whose certificate or key changed are checked again (parsing and matching an RSA key costs
 * milliseconds: seconds for a thousand tenants). A pair found bad is never kept, so it is refused again.
 */
export class CheckedCertificates {
  #checked = new Map<string, GraphCertificate>();
  #used = new Map<string, GraphCertificate>();

  /** Starts from the credentials in force (checked when they were read). */
  static of(tenants: readonly GraphTenant[]): CheckedCertificates {
    const checks = new CheckedCertificates();
    for (const { credential } of tenants) {
      if (credential.kind !== 'certificate') continue;
      const { certificatePem, privateKey } = credential.certificate;
      checks.#checked.set(keyOf(certificatePem, privateKey.reveal()), credential.certificate);
    }
    return checks;
  }

  /** `graphCertificate`, unless this very pair was checked before. */
  check(certificatePem: string, privateKeyPem: string): GraphCertificate {
    const key = keyOf(certificatePem, privateKeyPem);
    const certificate =
      this.#used.get(key) ?? this.#checked.get(key) ?? graphCertificate(certificatePem, privateKeyPem);
    this.#used.set(key, certificate);
    return certificate;
  }

  /** Forgets the pairs the last read did not use (a removed tenant's, a rotated one's old pair). */
  settle(): void {
    this.#checked = this.#used;
    this.#used = new Map();
  }
}

/**
 * The pair by its PEM lines, trimmed: line endings and blank lines do not change what a PEM holds, and a
 * certificate in force is kept in node's form (`\n` endings), whatever the file's were.
 */
function keyOf(certificatePem: string, privateKeyPem: string): string {
  const lines = (pem: string) =>
    pem
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join('\n');
  return createHash('sha256')
    .update(lines(certificatePem))
    .update('\0')
    .update(lines(privateKeyPem))
    .digest('hex');
}

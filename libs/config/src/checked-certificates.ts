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
  /** The credentials in force at the start, by their PEM lines (a file's line endings may differ). */
  readonly #inForce = new Map<string, GraphCertificate>();

  /** Starts from the credentials in force (checked when they were read). */
  static of(tenants: readonly GraphTenant[]): CheckedCertificates {
    const checks = new CheckedCertificates();
    for (const { credential } of tenants) {
      if (credential.kind !== 'certificate') continue;
      const { certificatePem, privateKey } = credential.certificate;
      checks.#inForce.set(keyOf(lines(certificatePem), lines(privateKey.reveal())), credential.certificate);
    }
    return checks;
  }

  /** `graphCertificate`, unless this very pair was checked before. */
  check(certificatePem: string, privateKeyPem: string): GraphCertificate {
    const key = keyOf(certificatePem, privateKeyPem);
    const certificate =
      this.#used.get(key) ??
      this.#checked.get(key) ??
      this.#inForce.get(keyOf(lines(certificatePem), lines(privateKeyPem))) ??
      graphCertificate(certificatePem, privateKeyPem);
    this.#used.set(key, certificate);
    return certificate;
  }

  /** Forgets the pairs the last read did not use (a removed tenant's, a rotated one's old pair). */
  settle(): void {
    this.#checked = this.#used;
    this.#used = new Map();
    this.#inForce.clear();
  }
}

function keyOf(certificatePem: string, privateKeyPem: string): string {
  return createHash('sha256').update(certificatePem).update('\0').update(privateKeyPem).digest('hex');
}

/**
 * A PEM's lines, trimmed: line endings and blank lines do not change what it holds, and a certificate in
 * force is kept in node's form (`\n` endings), whatever the file's were.
 */
function lines(pem: string): string {
  return pem.replace(/\s*\n\s*/g, '\n').trim();
}

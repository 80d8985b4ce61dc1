import {
  type BeaconConfig,
  BEACON_CONFIG,
  type GraphTenant,
  graphCertificate,
  Secret,
  unsealSecret,
} from '#config';
import { type SealedTenantCredential, TenantCredentialsRepository } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';

/** The tenants admins added (`tenant_credentials`), their credentials opened with TENANT_CREDENTIALS_KEY. */
@Injectable()
export class StoredTenants {
  /**
   * Tenants already opened, by id and change: a change to one of a thousand tenants opens that one only
   * (opening a certificate and its key costs milliseconds each).
   */
  private opened = new Map<string, GraphTenant>();

  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    private readonly credentials: TenantCredentialsRepository,
  ) {}

  /** Changes whenever a tenant is added, changed or removed (TenantCredentialsRepository.version). */
  version(): Promise<string> {
    return this.credentials.version();
  }

  /** Every stored tenant that can be used; the others are problems that name them (never a secret). */
  async read(): Promise<{ tenants: GraphTenant[]; problems: string[] }> {
    const rows = await this.credentials.listSealed();
    const key = this.config.tenantCredentialsKey;
    const tenants: GraphTenant[] = [];
    const problems: string[] = [];
    const opened = new Map<string, GraphTenant>();
    for (const row of rows) {
      const change = JSON.stringify([row.tenant_id, row.updated_at, row.display_name]);
      try {
        const tenant = this.opened.get(change) ?? open(row, key);
        opened.set(change, tenant);
        tenants.push(tenant);
      } catch (error) {
        problems.push(`stored tenant ${row.tenant_id}: ${(error as Error).message}`);
      }
    }
    this.opened = opened;
    return { tenants, problems };
  }
}

function open(row: SealedTenantCredential, key: Secret | null): GraphTenant {
  if (!key) throw new Error('TENANT_CREDENTIALS_KEY is not set, so its credential cannot be opened');
  const secret = unsealSecret(row.sealed_secret, key, row.tenant_id);
  return {
    id: row.tenant_id,
    displayName: row.display_name,
    clientId: row.client_id,
    credential:
      row.kind === 'secret'
        ? { kind: 'secret', clientSecret: new Secret(secret) }
        : { kind: 'certificate', certificate: graphCertificate(row.certificate ?? '', secret) },
  };
}

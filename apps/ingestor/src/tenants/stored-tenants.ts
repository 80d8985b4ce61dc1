import {
  type BeaconConfig,
  BEACON_CONFIG,
  type GraphTenant,
  graphCertificate,
  Secret,
  unsealSecret,
} from '#config';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

interface StoredRow {
  tenant_id: string;
  display_name: string;
  client_id: string;
  kind: 'secret' | 'certificate';
  sealed_secret: string;
  certificate: string | null;
  updated_at: string;
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Changes whenever a tenant is added, changed (its `updated_at` moves on) or removed (the count drops):
   * one cheap row, so that every ingestor can ask every few seconds.
   */
  async version(): Promise<string> {
    const [row] = await this.dataSource.query<{ count: number; newest: string | null }[]>(
      `SELECT count(*)::int AS count, max(updated_at)::text AS newest FROM tenant_credentials`,
    );
    return `${row?.count}/${row?.newest}`;
  }

  /** Every stored tenant that can be used; the others are problems that name them (never a secret). */
  async read(): Promise<{ tenants: GraphTenant[]; problems: string[] }> {
    const rows = await this.dataSource.query<StoredRow[]>(
      `SELECT c.tenant_id, t.display_name, c.client_id, c.kind, c.sealed_secret, c.certificate,
         c.updated_at::text AS updated_at
       FROM tenant_credentials c JOIN tenants t ON t.id = c.tenant_id ORDER BY c.tenant_id`,
    );
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

function open(row: StoredRow, key: Secret | null): GraphTenant {
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

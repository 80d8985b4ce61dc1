import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { TenantCredentialKind } from '../../entities/index.js';

/** An admin-added tenant as the API shows it (the certificate still to be summed up as its thumbprint). */
export interface StoredTenantCredential {
  id: string;
  displayName: string;
  clientId: string;
  credential: TenantCredentialKind;
  certificate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An admin-added tenant with its sealed secret, for the ingestor to open. */
export interface SealedTenantCredential {
  tenant_id: string;
  display_name: string;
  client_id: string;
  kind: TenantCredentialKind;
  sealed_secret: string;
  certificate: string | null;
  updated_at: string;
}

/** What is written for a tenant's app registration: the secret or private key already sealed. */
export interface TenantCredentialWrite {
  clientId: string;
  kind: TenantCredentialKind;
  sealedSecret: string;
  certificate: string | null;
}

const SELECT = `SELECT c.tenant_id AS id, t.display_name AS "displayName", c.client_id AS "clientId",
  c.kind AS credential, c.certificate, c.created_at AS "createdAt", c.updated_at AS "updatedAt"
  FROM tenant_credentials c JOIN tenants t ON t.id = c.tenant_id`;

/**
 * The `tenant_credentials` table (with each tenant's name from `tenants`). Writes take the transaction's
 * manager, so that each lands with its audit entry.
 */
@Injectable()
export class TenantCredentialsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<StoredTenantCredential[]> {
    return this.dataSource.query(`${SELECT} ORDER BY c.tenant_id`);
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<StoredTenantCredential | undefined> {
    const [row] = await manager.query<StoredTenantCredential[]>(
      `${SELECT} WHERE c.tenant_id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [id],
    );
    return row;
  }

  async insert(manager: EntityManager, tenantId: string, credential: TenantCredentialWrite): Promise<void> {
    await manager.query(
      `INSERT INTO tenant_credentials (tenant_id, client_id, kind, sealed_secret, certificate)
       VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, credential.clientId, credential.kind, credential.sealedSecret, credential.certificate],
    );
  }

  /** `updated_at` always moves on, even within one microsecond: ingestors see a change by it. */
  async update(manager: EntityManager, tenantId: string, credential: TenantCredentialWrite): Promise<void> {
    await manager.query(
      `UPDATE tenant_credentials SET client_id = $2, kind = $3, sealed_secret = $4, certificate = $5,
       updated_at = greatest(now(), updated_at + interval '1 microsecond') WHERE tenant_id = $1`,
      [tenantId, credential.clientId, credential.kind, credential.sealedSecret, credential.certificate],
    );
  }

  async delete(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query(`DELETE FROM tenant_credentials WHERE tenant_id = $1`, [tenantId]);
  }

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

  listSealed(): Promise<SealedTenantCredential[]> {
    return this.dataSource.query(
      `SELECT c.tenant_id, t.display_name, c.client_id, c.kind, c.sealed_secret, c.certificate,
         c.updated_at::text AS updated_at
       FROM tenant_credentials c JOIN tenants t ON t.id = c.tenant_id ORDER BY c.tenant_id`,
    );
  }
}

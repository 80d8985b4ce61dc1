import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { TenantEntity } from './tenant.entity.js';

export const TENANT_CREDENTIAL_KINDS = ['secret', 'certificate'] as const;
export type TenantCredentialKind = (typeof TENANT_CREDENTIAL_KINDS)[number];

/**
 * The app registration of a tenant added by an admin at run time (tenants of the tenants file are not
 * here). The client secret or private key is sealed with `TENANT_CREDENTIALS_KEY` (AES-256-GCM, bound to
 * the tenant id): a copy of the database alone does not give it away. Removing the tenant deletes this row;
 * the tenant and its data stay.
 */
@Entity('tenant_credentials')
export class TenantCredentialEntity {
  @PrimaryColumn('text', { name: 'tenant_id', primaryKeyConstraintName: 'PK_tenant_credentials' })
  tenantId: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_tenant_credentials_tenant' })
  tenant?: TenantEntity;

  @Column('text', { name: 'client_id' })
  clientId: string;

  @Column({ type: 'enum', enum: TENANT_CREDENTIAL_KINDS, enumName: 'tenant_credential_kind' })
  kind: TenantCredentialKind;

  /** The client secret, or the certificate's private key (PEM), sealed. */
  @Column('text', { name: 'sealed_secret' })
  sealedSecret: string;

  /** The certificate (PEM) for `certificate`; it is public. */
  @Column('text', { nullable: true })
  certificate: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Ingestors compare the newest of these (and the count) to learn of a change. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity.js';

/**
 * The Graph answer each tenant's statuses were last recomputed with (a success makes a tenant's Graph fresh
 * again, and confirms its word, with no new signal). Kept by the correlator in the database, beside its
 * cursor, so that whichever process takes the next step knows which answers it has not accounted for:
 * those of `sources.last_success_at` newer than this row.
 */
@Entity('accounted_graph_successes')
export class AccountedGraphSuccessEntity {
  @PrimaryColumn('text', { name: 'tenant_id', primaryKeyConstraintName: 'PK_accounted_graph_successes' })
  tenantId: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_accounted_graph_successes_tenant' })
  tenant?: TenantEntity;

  @Column('timestamptz', { name: 'last_success_at' })
  lastSuccessAt: Date;
}

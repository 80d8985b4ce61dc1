import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A Microsoft 365 tenant whose Service health Beacon reads through Graph. */
@Entity('tenants')
export class TenantEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

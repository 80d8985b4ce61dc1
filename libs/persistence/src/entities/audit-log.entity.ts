import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One administrative action (a key created, revoked or rotated …): who, what, when, and its details. */
@Entity('audit_log')
@Index('idx_audit_log_at', ['at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** Who: a key's name and prefix, `API_KEYS #n`, or `cli:<user>` for `npm run keys`. */
  @Column('text')
  actor: string;

  /** What, e.g. `key.create`, `key.revoke`, `key.rotate`. */
  @Column('text')
  action: string;

  /** What it was done to, e.g. a key's id. */
  @Column('text', { nullable: true })
  target: string | null;

  /** Never a secret: names, roles, tenants, prefixes. */
  @Column('jsonb', { default: {} })
  details: Record<string, unknown>;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a key may do, from least to most: each role can do everything the ones before it can. */
export const API_KEY_ROLES = ['viewer', 'analyst', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/**
 * A key to the API, stored as the SHA-256 digest of the key (the key itself is shown once, when it is
 * created). Keys are 256 random bits, so a fast digest is enough: there is nothing to guess from it, and a
 * slow password hash would cost every request its time.
 */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The key's first characters, to recognise it in lists and logs without revealing it. */
  @Column('text')
  prefix: string;

  /** Hex SHA-256 of the whole key. */
  @Index('uq_api_keys_digest', { unique: true })
  @Column('text')
  digest: string;

  @Column({ type: 'enum', enum: API_KEY_ROLES, enumName: 'api_key_role' })
  role: ApiKeyRole;

  /** The tenants whose views the key reads; null: every tenant. */
  @Column('text', { name: 'tenant_ids', array: true, nullable: true })
  tenantIds: string[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  /** Updated at most once a minute per key (a write per request would cost more than the request). */
  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}

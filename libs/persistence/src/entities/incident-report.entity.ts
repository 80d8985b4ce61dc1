import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity.js';

/**
 * A post-incident review (PIR) as Graph streamed it from `issues/{id}/incidentReport`: an upstream document
 * like a raw signal, not derived state, so a rebuild keeps it. Keyed by Graph's issue id (not the incident's
 * uuid, which a rebuild renews); the incident is found through `incident_references`.
 *
 * A row exists from the moment Beacon first saw Graph say the review is published; the document arrives
 * with `fetched_at`. Until then `attempts`, `next_attempt_at` and `last_error` drive the retries. A document
 * whose text can't be read is kept as received, with `parse_error` saying why.
 */
@Entity('incident_reports')
@Index('idx_incident_reports_due', ['nextAttemptAt'], { where: 'fetched_at IS NULL' })
@Index('idx_incident_reports_search', ['search'], { type: 'gin' })
export class IncidentReportEntity {
  @PrimaryColumn('text', { name: 'issue_id' })
  issueId: string;

  /** When Beacon first observed the issue with the status `postIncidentReviewPublished`. */
  @Column('timestamptz', { name: 'published_at' })
  publishedAt: Date;

  /** The tenant whose Graph the document was fetched through (one that lists the issue). */
  @Column('text', { name: 'tenant_id', nullable: true })
  tenantId: string | null;

  @Column('timestamptz', { name: 'fetched_at', nullable: true })
  fetchedAt: Date | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('text', { name: 'media_type', nullable: true })
  mediaType: string | null;

  @Column('integer', { nullable: true })
  size: number | null;

  /** sha256 (hex) of the bytes as received. */
  @Column('text', { nullable: true })
  sha256: string | null;

  @Column('bytea', { nullable: true, select: false })
  content: Buffer | null;

  /** Why the text could not be extracted; null when it was (or nothing is fetched yet). */
  @Column('text', { name: 'parse_error', nullable: true })
  parseError: string | null;

  @Column('text', { nullable: true })
  text: string | null;

  @Column('text', { name: 'user_impact', nullable: true })
  userImpact: string | null;

  @Column('text', { name: 'scope_of_impact', nullable: true })
  scopeOfImpact: string | null;

  /** The section "Incident Start-End Date and Time", as written. */
  @Column('text', { name: 'start_end_time', nullable: true })
  startEndTime: string | null;

  @Column('text', { name: 'root_cause', nullable: true })
  rootCause: string | null;

  @Column('text', { name: 'actions_taken', nullable: true })
  actionsTaken: string | null;

  @Column('text', { name: 'next_steps', nullable: true })
  nextSteps: string | null;

  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: `to_tsvector('english', coalesce(text, ''))`,
    select: false,
    insert: false,
    update: false,
  })
  search: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: TenantEntity;
}

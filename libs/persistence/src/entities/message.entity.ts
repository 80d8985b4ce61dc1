import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A message-center post (`MC…`): planned changes and advisories. */
@Entity('messages')
@Index('idx_messages_last_modified', ['lastModifiedAt', 'id'])
@Index('idx_messages_services', ['services'], { type: 'gin' })
@Index('idx_messages_search', ['search'], { type: 'gin' })
export class MessageEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  category: string | null;

  @Column('text', { nullable: true })
  severity: string | null;

  @Column('text', { array: true, default: () => `'{}'` })
  tags: string[];

  @Column('text', { array: true, default: () => `'{}'` })
  services: string[];

  @Column('boolean', { name: 'is_major_change', default: false })
  isMajorChange: boolean;

  @Column('timestamptz', { name: 'action_required_by', nullable: true })
  actionRequiredBy: Date | null;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt: Date | null;

  @Column('timestamptz', { name: 'last_modified_at' })
  lastModifiedAt: Date;

  /** Plain text of the body. */
  @Column('text')
  body: string;

  @Column('text', { name: 'body_html', nullable: true })
  bodyHtml: string | null;

  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: `to_tsvector('english', title || ' ' || body)`,
    select: false,
    insert: false,
    update: false,
  })
  search: string;
}

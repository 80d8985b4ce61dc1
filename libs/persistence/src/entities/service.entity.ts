import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A Microsoft 365 service as Graph names it (`Exchange` / Exchange Online); the list is data, not code. */
@Entity('services')
export class ServiceEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  name: string;
}

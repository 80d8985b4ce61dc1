import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Payloads of raw signals, each stored once: one Graph issue listed by a thousand tenants is one row here
 * and a thousand small rows in `raw_signals`. Keyed by the sha256 (hex) of the payload's canonical JSON, as the
 * connector computed it (`RawSignal.payloadHash`); rows stored before that change keep the hash of their `jsonb`
 * text, and are simply not shared with newer signals.
 */
@Entity('raw_payloads')
export class RawPayloadEntity {
  @PrimaryColumn('text')
  hash: string;

  @Column('jsonb')
  payload: Record<string, unknown>;
}

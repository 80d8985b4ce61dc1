/**
 * Polls write while holding this lock shared; a rebuild holds it exclusively, so that nothing is written
 * between the old state and the new.
 */
export const INGEST_LOCK = [0x4243_4e34, 0] as const;

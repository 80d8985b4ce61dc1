import type { HealthLevel, M365Service } from '#domain';

/** A post from a fallback channel (X or the status site), read into what correlation needs. */
export interface FallbackPost {
  channel: 'X' | 'STATUS_SITE';
  /** The update's identity on its channel. */
  externalId: string;
  postedAt: Date;
  text: string;
  html: string | null;
  kind: string;
  /** Microsoft incident ids the post cites. */
  incidentIds: string[];
  /** The services it speaks of (from the ids' prefixes and the names in its text). */
  services: M365Service[];
  level: HealthLevel;
  /** The closest Graph word, for the incident. */
  status: string;
  /** The channel's own word, for the service's status. */
  serviceStatus: string;
  isResolved: boolean;
  /** Whether a post without an id may start a provisional incident. */
  opener: boolean;
  /** A title for an incident this post starts. */
  title: string;
  /** A standing "all clear" (the status site's Available): evidence of status, never an incident update. */
  allClear: boolean;
}

/** The first sentence of a post, as a title for a provisional incident. */
export function titleOf(text: string): string {
  const sentence = text.split(/(?<=[.!?])\s/)[0] ?? text;
  return sentence.length > 140 ? `${sentence.slice(0, 139)}…` : sentence;
}

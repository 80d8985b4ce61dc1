/** The PostgreSQL channel on which every Beacon process hears what the correlator changed. */
export const CHANGES_CHANNEL = 'beacon_changes';

/** What a change notice says: the correlator sends them, the API's listeners act on them. */
export type ChangeNotice =
  | { type: 'incident'; incidentId: string }
  /** `tenantId` null: the global view of a Beacon without Graph tenants. */
  | { type: 'serviceStatus'; tenantId: string | null; serviceId: string }
  /** Signals were folded that changed neither (evidence, the overview's flags): readers drop what they keep. */
  | { type: 'state' };

/** A Microsoft 365 service as Graph's `healthOverviews` names it. */
export interface M365Service {
  /** Graph's service id, e.g. `Exchange`, `microsoftteams`, `OSDPPlatform`. */
  readonly id: string;
  /** Graph's display name, e.g. `Exchange Online`. */
  readonly name: string;
}

/**
 * The services the fallback channels can be matched to before (or without) Graph. Ids and names as Graph's
 * `healthOverviews` gives them; each tenant's own list comes from Graph and is stored as data.
 */
export const KNOWN_SERVICES = {
  exchangeOnline: { id: 'Exchange', name: 'Exchange Online' },
  microsoftTeams: { id: 'microsoftteams', name: 'Microsoft Teams' },
  sharePointOnline: { id: 'SharePoint', name: 'SharePoint Online' },
  oneDriveForBusiness: { id: 'OneDriveForBusiness', name: 'OneDrive for Business' },
  microsoft365Suite: { id: 'OSDPPlatform', name: 'Microsoft 365 suite' },
  identityService: { id: 'OrgLiveID', name: 'Identity Service' },
  dynamics365Apps: { id: 'DynamicsCRM', name: 'Dynamics 365 Apps' },
  defenderForCloudApps: { id: 'cloudappsecurity', name: 'Microsoft Defender for Cloud Apps' },
  intune: { id: 'Intune', name: 'Microsoft Intune' },
  microsoft365Apps: { id: 'O365Client', name: 'Microsoft 365 Apps' },
  officeForTheWeb: { id: 'officeonline', name: 'Office for the web' },
  planner: { id: 'Planner', name: 'Planner' },
  forms: { id: 'Forms', name: 'Microsoft Forms' },
  bookings: { id: 'Bookings', name: 'Microsoft Bookings' },
  stream: { id: 'Stream', name: 'Microsoft Stream' },
  viva: { id: 'Viva', name: 'Microsoft Viva' },
  powerBi: { id: 'PowerBIcom', name: 'Power BI' },
  powerApps: { id: 'PowerApps', name: 'Power Apps' },
  powerAutomate: { id: 'MicrosoftFlow', name: 'Microsoft Power Automate' },
  // No Graph service of this name is known: Beacon's own id, for the status site's `ppac` posts.
  powerPlatformAdminCenter: { id: 'PowerPlatformAdminCenter', name: 'Power Platform admin center' },
} as const satisfies Record<string, M365Service>;

import { KNOWN_SERVICES, type M365Service } from './m365-service.js';

const S = KNOWN_SERVICES;

/**
 * How the posts name each service (semantics.md: Outlook → Exchange Online, admin center → Microsoft 365
 * suite, …). Where names overlap, the longest wins: "Power Platform admin center" is not "admin center".
 */
export const SERVICE_NAMES: readonly (readonly [M365Service, readonly string[]])[] = [
  [
    S.exchangeOnline,
    ['Exchange Online', 'Exchange', 'Exchange admin center', 'Outlook', 'Outlook on the web', 'OWA'],
  ],
  [S.microsoftTeams, ['Microsoft Teams', 'Teams', 'Teams admin center', 'Microsoft Teams admin center']],
  [S.sharePointOnline, ['SharePoint Online', 'SharePoint', 'SharePoint admin center']],
  [S.oneDriveForBusiness, ['OneDrive for Business', 'OneDrive']],
  [
    S.microsoft365Suite,
    ['Microsoft 365 suite', 'Microsoft 365 admin center', 'admin center', 'admin portal'],
  ],
  [
    S.identityService,
    [
      'Identity Service',
      'Identity',
      'Microsoft Entra',
      'Microsoft Entra ID',
      'Entra',
      'Entra ID',
      'Entra admin center',
      'Microsoft Entra admin center',
      'Azure Active Directory',
      'Azure AD',
      'sign-in',
      'sign-ins',
    ],
  ],
  [S.dynamics365Apps, ['Dynamics 365 Apps', 'Dynamics 365']],
  [
    S.defenderForCloudApps,
    ['Microsoft Defender for Cloud Apps', 'Defender for Cloud Apps', 'Microsoft Cloud App Security'],
  ],
  [S.intune, ['Microsoft Intune', 'Intune', 'Intune admin center', 'Microsoft Intune admin center']],
  [S.microsoft365Apps, ['Microsoft 365 Apps']],
  [S.officeForTheWeb, ['Office for the web', 'Office Online']],
  [S.planner, ['Microsoft Planner', 'Planner']],
  [S.forms, ['Microsoft Forms']],
  [S.bookings, ['Microsoft Bookings']],
  [S.stream, ['Microsoft Stream']],
  [S.viva, ['Microsoft Viva', 'Viva']],
  [S.powerBi, ['Microsoft Power BI', 'Power BI']],
  [S.powerApps, ['Microsoft Power Apps', 'Power Apps']],
  [S.powerAutomate, ['Microsoft Power Automate', 'Power Automate']],
  [S.powerPlatformAdminCenter, ['Power Platform admin center', 'Power Platform']],
];

/** Mentions that name no affected service, blanked out before the names are read. */
const NOT_AFFECTED = [
  // A consumer service, of no tenant (and not Exchange Online's Outlook).
  /\bOutlook\.com\b/gi,
  // Where the details are: "Further details can be found under EX571516 in the admin center."
  /\b(?:under|via)\s+[A-Z]{2}\d{5,8}\s+in\s+the\s+(?:Microsoft\s+365\s+)?admin\s+center\b/gi,
  /\bin\s+the\s+(?:Microsoft\s+365\s+)?admin\s+center\s+(?:under|via)\s+[A-Z]{2}\d{5,8}\b/gi,
];

/** Names that are also ordinary words ("our teams", "identity") do not count when written in lower case. */
const ORDINARY_WORDS = new Set(['teams', 'exchange', 'identity', 'planner']);

/** Spaces in a name match any run of whitespace, case aside. */
function keyOf(name: string): string {
  return name.replace(/\s+/g, ' ').toLowerCase();
}

const SERVICE_BY_KEY = new Map<string, M365Service>(
  SERVICE_NAMES.flatMap(([service, names]) => names.map((name) => [keyOf(name), service] as const)),
);

const ALL_NAMES = SERVICE_NAMES.flatMap(([, names]) => names)
  // The longest first, so that at any position the regex takes the longest name that fits.
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
const SERVICE_NAME = new RegExp(`\\b(?:${ALL_NAMES.join('|')})\\b`, 'gi');

/** Every service a text names, once each, in order of appearance. */
export function servicesNamedIn(text: string | null | undefined): M365Service[] {
  const found = new Map<string, M365Service>();
  const affected = NOT_AFFECTED.reduce((rest, mention) => rest.replace(mention, ' '), text ?? '');
  for (const [match] of affected.matchAll(SERVICE_NAME)) {
    if (ORDINARY_WORDS.has(match)) continue;
    const service = SERVICE_BY_KEY.get(keyOf(match));
    if (service && !found.has(service.id)) found.set(service.id, service);
  }
  return [...found.values()];
}

import { KNOWN_SERVICES } from './m365-service.js';
import { SERVICE_NAMES, servicesNamedIn } from './service-names.js';

const idsNamedIn = (text: string | null | undefined): string[] => servicesNamedIn(text).map((s) => s.id);

describe(servicesNamedIn.name, () => {
  it.each(SERVICE_NAMES.flatMap(([service, names]) => names.map((name) => [name, service.id] as const)))(
    'reads the name %j as %s',
    (name, id) => {
      expect(idsNamedIn(`Users may be unable to reach ${name}.`)).toEqual([id]);
    },
  );

  it.each([
    ['We are investigating an issue with accessing Outlook on the web.', ['Exchange']],
    ['OWA and outlook are slow', ['Exchange']],
    ['EXCHANGE ONLINE mail flow', ['Exchange']],
    ['Microsoft  Teams\nmeetings', ['microsoftteams']],
    ['TEAMS calls fail', ['microsoftteams']],
    ['sharepoint online sites', ['SharePoint']],
    ['onedrive sync', ['OneDriveForBusiness']],
    ['Admins may be unable to access the Microsoft 365 admin center', ['OSDPPlatform']],
    ["elevated failures in the admin portal's front end", ['OSDPPlatform']],
    ['the Admin Center is slow', ['OSDPPlatform']],
    ['Users may be unable to sign in; Entra ID sign-ins fail', ['OrgLiveID']],
    ['Azure Active Directory and Azure AD', ['OrgLiveID']],
    ['Users can’t reach the Power Platform admin center', ['PowerPlatformAdminCenter']],
    ['Teams admin center and Exchange admin center', ['microsoftteams', 'Exchange']],
    ['Microsoft Teams admin center', ['microsoftteams']],
    [
      "We're investigating an issue with accessing Outlook on the web. Further details can be found under EX571516 in the admin center.",
      ['Exchange'],
    ],
    [
      'Delays joining Teams meetings. More info under TM1199007 in the Microsoft 365 admin center.',
      ['microsoftteams'],
    ],
    ['Teams calls fail; see the details in the admin center via TM1199007.', ['microsoftteams']],
    [
      "We're investigating an issue in which admins may be unable to access the Microsoft 365 admin center. We'll provide updates here while the admin center is not accessible.",
      ['OSDPPlatform'],
    ],
    ['Users of Outlook.com and of Outlook on the web', ['Exchange']],
  ])('reads %j as %j', (text, ids) => {
    expect(idsNamedIn(text)).toEqual(ids);
  });

  it('returns every service named, in order of appearance, once each', () => {
    const text =
      "We've identified downstream impact for Microsoft Teams, SharePoint Online and OneDrive for Business. " +
      "We're providing full impact details via MO571683. Updates pertaining to Exchange and Outlook on the " +
      'web will continue to be provided via EX571516. Teams and SharePoint users may see delays.';
    expect(servicesNamedIn(text)).toEqual([
      KNOWN_SERVICES.microsoftTeams,
      KNOWN_SERVICES.sharePointOnline,
      KNOWN_SERVICES.oneDriveForBusiness,
      KNOWN_SERVICES.exchangeOnline,
    ]);
  });

  it.each([
    ['names inside longer words', 'Outlooks, SharePointy, OneDrives, Intunes, teamsite, reexchange, OWAs'],
    [
      'ordinary words in lower case',
      'our teams are working to exchange information on identity checks with the planner',
    ],
    ['consumer services', 'Outlook.com users may be unable to sign in to their mailbox'],
    ['a verb, not a sign-in', 'Users may be unable to sign in'],
    ['no name at all', 'We are investigating an issue'],
    ['an empty text', ''],
    ['null', null],
    ['undefined', undefined],
  ])('finds nothing in %s', (_, text) => {
    expect(servicesNamedIn(text)).toEqual([]);
  });
});

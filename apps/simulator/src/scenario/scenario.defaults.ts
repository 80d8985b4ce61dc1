/** What a scenario gets when it leaves something out: the quiet state of each channel, as samples show it. */

export const DEFAULT_SERVICES = [
  { id: 'Exchange', service: 'Exchange Online' },
  { id: 'microsoftteams', service: 'Microsoft Teams' },
  { id: 'SharePoint', service: 'SharePoint Online' },
  { id: 'OneDriveForBusiness', service: 'OneDrive for Business' },
  { id: 'OSDPPlatform', service: 'Microsoft 365 suite' },
  { id: 'OrgLiveID', service: 'Identity Service' },
];

/** The posts the status site shows when nothing is wrong; `AuthoredDateTime` is the site's null date. */
export const QUIET_STATUS_SITE_POSTS = {
  mac: {
    title: '',
    message:
      '<div>This site is updated when service issues are preventing tenant administrators from accessing Service health in the Microsoft 365 admin center.</div>',
  },
  ppac: {
    title: '',
    message:
      '<div>This site is updated when service issues are preventing tenant administrators from accessing Service health in the Power Platform admin center.</div>',
  },
  azure: {
    title: '',
    message:
      '<div>There are currently no active events. Use Azure Service Health in the Azure portal to view issues that may affect your subscriptions.</div>',
  },
} as const;

export const DEFAULT_CONSUMER_WORKLOADS = [
  { serviceDisplayName: 'Outlook.com', serviceWorkloadName: 'OutlookCom' },
  { serviceDisplayName: 'OneDrive', serviceWorkloadName: 'OneDriveConsumer' },
  { serviceDisplayName: 'Microsoft Teams (free)', serviceWorkloadName: 'TeamsConsumer' },
  { serviceDisplayName: 'Microsoft 365 Copilot app', serviceWorkloadName: 'M365CopilotApp' },
  { serviceDisplayName: 'Word', serviceWorkloadName: 'WordConsumer' },
  { serviceDisplayName: 'Excel', serviceWorkloadName: 'ExcelConsumer' },
  { serviceDisplayName: 'PowerPoint', serviceWorkloadName: 'PowerPointConsumer' },
  { serviceDisplayName: 'OneNote', serviceWorkloadName: 'OneNoteConsumer' },
  { serviceDisplayName: 'Microsoft To Do', serviceWorkloadName: 'ToDoConsumer' },
  { serviceDisplayName: 'Microsoft Family Safety', serviceWorkloadName: 'FamilySafety' },
];

export const DEFAULT_X_USER = { id: '2854829713', name: 'Microsoft 365 Status', username: 'MSFT365Status' };

/** An account that @MSFT365Status replies to when a scenario does not say who asked. */
export const DEFAULT_REPLY_TO_USER_ID = '1102938475';

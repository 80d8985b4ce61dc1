import { serviceOfIncidentId } from './incident-id-prefix.js';

describe(serviceOfIncidentId.name, () => {
  it.each([
    ['EX1190034', 'Exchange', 'Exchange Online'],
    ['EX226792', 'Exchange', 'Exchange Online'],
    ['TM1199007', 'microsoftteams', 'Microsoft Teams'],
    ['SP1234567', 'SharePoint', 'SharePoint Online'],
    ['OD1234567', 'OneDriveForBusiness', 'OneDrive for Business'],
    ['MO1199001', 'OSDPPlatform', 'Microsoft 365 suite'],
    ['CR1234567', 'DynamicsCRM', 'Dynamics 365 Apps'],
    ['CS1234567', 'cloudappsecurity', 'Microsoft Defender for Cloud Apps'],
  ])('gives %s the service %s (%s)', (id, serviceId, name) => {
    expect(serviceOfIncidentId(id)).toEqual({ id: serviceId, name });
  });

  it.each([
    'PB1234567',
    'IT1234567',
    'YA1234567',
    'MC1180442',
    'EX123',
    'ex1234567',
    'EXCHANGE',
    '',
    'EX1234567 ',
  ])('gives null for %j', (id) => {
    expect(serviceOfIncidentId(id)).toBeNull();
  });
});

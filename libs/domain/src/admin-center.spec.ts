import { adminCenterReachable, namesTheAdminCenter } from './admin-center.js';

describe(adminCenterReachable.name, () => {
  it.each<[boolean, 'OPERATIONAL' | 'DEGRADED' | null, boolean, boolean | null]>([
    [true, 'OPERATIONAL', false, true],
    [false, 'OPERATIONAL', false, null],
    [true, null, false, null],
    [false, null, false, null],
    [true, 'DEGRADED', false, false],
    [false, 'DEGRADED', false, false],
    [true, 'OPERATIONAL', true, false],
    [false, null, true, false],
  ])(
    'Graph fresh %s, status site %s, X says unreachable %s: %s',
    (graphFresh, statusSiteLevel, x, reachable) => {
      expect(adminCenterReachable({ graphFresh, statusSiteLevel, xSaysUnreachable: x })).toBe(reachable);
    },
  );
});

describe(namesTheAdminCenter.name, () => {
  it.each([
    ["Admins may be unable to access the Microsoft 365 admin center. We're investigating.", true],
    ['Users may be unable to access Teams.', false],
    ['The Exchange admin center is slow to load.', false],
  ])('%s → %s', (text, names) => {
    expect(namesTheAdminCenter(text)).toBe(names);
  });
});

import { quietHoursEnd } from './quiet-hours.js';

describe('quietHoursEnd', () => {
  const night = { from: '22:00', until: '07:00', timeZone: 'Europe/Berlin' };

  it('ends quiet hours that span midnight at their end, local time', () => {
    // 23:30 in Berlin (UTC+1 in November) is 22:30 UTC; the end is 07:00 Berlin, 06:00 UTC.
    expect(quietHoursEnd(night, new Date('2026-11-20T22:30:00Z'))).toEqual(new Date('2026-11-21T06:00:00Z'));
    expect(quietHoursEnd(night, new Date('2026-11-21T05:59:00Z'))).toEqual(new Date('2026-11-21T06:00:00Z'));
  });

  it('is null outside quiet hours and for an empty window', () => {
    expect(quietHoursEnd(night, new Date('2026-11-21T06:00:00Z'))).toBeNull();
    expect(quietHoursEnd(night, new Date('2026-11-20T12:00:00Z'))).toBeNull();
    expect(quietHoursEnd({ from: '09:00', until: '09:00', timeZone: 'UTC' }, new Date())).toBeNull();
  });

  it('handles a window within one day', () => {
    const lunch = { from: '12:00:00', until: '13:00:00', timeZone: 'UTC' };
    expect(quietHoursEnd(lunch, new Date('2026-11-20T12:15:30Z'))).toEqual(new Date('2026-11-20T13:00:00Z'));
    expect(quietHoursEnd(lunch, new Date('2026-11-20T13:00:00Z'))).toBeNull();
  });
});

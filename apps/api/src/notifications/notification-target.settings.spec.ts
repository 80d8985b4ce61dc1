import { ApiError } from '../errors/api.error.js';
import { targetSettings } from './notification-target.settings.js';
import type { NotificationTargetSettingsInput } from './notification-target.models.js';

const EMAIL = { host: 'smtp.example.test', from: 'beacon@example.test', to: ['ops@example.test'] };

describe(targetSettings.name, () => {
  it('stores secrets apart from what may be shown, normalised', () => {
    expect(targetSettings('slack_bot', { botToken: ' xoxb-123456789-abc ', slackChannel: 'C0123' })).toEqual({
      config: { channel: 'C0123' },
      secrets: { token: 'xoxb-123456789-abc' },
    });
    expect(targetSettings('email', { email: { ...EMAIL, to: ['a@b.test', ' a@b.test'] } })).toEqual({
      config: { ...EMAIL, to: ['a@b.test'], port: 587, secure: false, user: null },
      secrets: {},
    });
  });

  it('keeps on an update what it leaves out, the SMTP password included', () => {
    const current = targetSettings('email', { email: { ...EMAIL, user: 'beacon', password: 'p4ss' } });

    const updated = targetSettings(
      'email',
      { email: { ...EMAIL, port: 465, secure: true, user: 'beacon' } },
      current,
    );

    expect(updated).toEqual({
      config: { ...EMAIL, port: 465, secure: true, user: 'beacon' },
      secrets: { password: 'p4ss' },
    });
  });

  it('drops the SMTP password with the login', () => {
    const current = targetSettings('email', { email: { ...EMAIL, user: 'beacon', password: 'p4ss' } });

    expect(targetSettings('email', { email: EMAIL }, current).secrets).toEqual({});
  });

  it.each<[Parameters<typeof targetSettings>[0], NotificationTargetSettingsInput, RegExp]>([
    ['teams', {}, /a TEAMS target needs url/],
    ['webhook', { url: 'https://x.test/' }, /needs hmacSecret/],
    ['webhook', { url: 'https://user:pw@x.test/', hmacSecret: 'x'.repeat(16) }, /user name or password/],
    ['slack_webhook', { url: 'not a url' }, /absolute http\(s\) URL/],
    ['email', { email: { ...EMAIL, port: 70000 } }, /email.port/],
    ['email', { email: { ...EMAIL, to: [] } }, /1 to 50 addresses/],
    [
      'teams',
      { url: 'https://x.test/', slackChannel: 'C1' },
      /slackChannel does not apply to a TEAMS target/,
    ],
  ])('refuses a %s target with %p', (kind, input, message) => {
    expect(() => targetSettings(kind, input)).toThrow(ApiError);
    expect(() => targetSettings(kind, input)).toThrow(message);
  });
});

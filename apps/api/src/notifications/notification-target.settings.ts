import type { NotificationTargetKind } from '#persistence';
import { badUserInput } from '../errors/api.error.js';
import type {
  NotificationEmailInput,
  NotificationTargetSettingsInput,
} from './notification-target.models.js';

/** What is stored of a target: `config` may be shown, `secrets` never leave the server. */
export interface TargetSettings {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

type SettingName = keyof NotificationTargetSettingsInput;

/** The settings each kind takes; any other is refused rather than silently dropped. */
const SETTINGS_OF: Record<NotificationTargetKind, SettingName[]> = {
  teams: ['url'],
  slack_webhook: ['url'],
  webhook: ['url', 'hmacSecret'],
  slack_bot: ['botToken', 'slackChannel'],
  email: ['email'],
};

const MAX_NAME_LENGTH = 100;
const MAX_RECIPIENTS = 50;
const MIN_HMAC_SECRET_LENGTH = 16;
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const SLACK_TOKEN = /^xox[bp]-[A-Za-z0-9-]{8,250}$/;
const SLACK_CHANNEL = /^[#@]?[A-Za-z0-9._-]{1,80}$/;
const HOST = /^[A-Za-z0-9.:[\]-]{1,253}$/;

export function targetName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw badUserInput(`a target needs a name of 1 to ${MAX_NAME_LENGTH} characters`, 'name');
  }
  return trimmed;
}

/**
 * A target's settings from an input, checked for its kind. On an update, `current` is what is stored: a
 * setting left out (or null) is kept, secrets too, so that an admin never has to type a secret again.
 */
export function targetSettings(
  kind: NotificationTargetKind,
  input: NotificationTargetSettingsInput,
  current?: TargetSettings,
): TargetSettings {
  const given = (Object.keys(input) as SettingName[]).filter((name) => input[name] != null);
  const misplaced = given.find((name) => !SETTINGS_OF[kind].includes(name));
  if (misplaced !== undefined) {
    throw badUserInput(`${misplaced} does not apply to a ${kind.toUpperCase()} target`, misplaced);
  }
  const config = { ...current?.config };
  const secrets = { ...current?.secrets };
  if (input.url != null) secrets.url = url(input.url);
  if (input.hmacSecret != null) secrets.hmacSecret = hmacSecret(input.hmacSecret);
  if (input.botToken != null) secrets.token = botToken(input.botToken);
  if (input.slackChannel != null) config.channel = slackChannel(input.slackChannel);
  if (input.email != null) Object.assign(config, email(input.email, secrets));

  const required: Record<NotificationTargetKind, Array<[present: boolean, setting: string]>> = {
    teams: [[secrets.url !== undefined, 'url']],
    slack_webhook: [[secrets.url !== undefined, 'url']],
    webhook: [
      [secrets.url !== undefined, 'url'],
      [secrets.hmacSecret !== undefined, 'hmacSecret'],
    ],
    slack_bot: [
      [secrets.token !== undefined, 'botToken'],
      [config.channel !== undefined, 'slackChannel'],
    ],
    email: [[config.host !== undefined, 'email']],
  };
  const missing = required[kind].find(([present]) => !present);
  if (missing !== undefined) {
    throw badUserInput(`a ${kind.toUpperCase()} target needs ${missing[1]}`, missing[1]);
  }
  return { config, secrets };
}

function url(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    throw badUserInput('url must be an absolute http(s) URL', 'url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw badUserInput('url must be an absolute http(s) URL', 'url');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw badUserInput('url must not carry a user name or password', 'url');
  }
  return parsed.href;
}

function hmacSecret(value: string): string {
  if (value.length < MIN_HMAC_SECRET_LENGTH || value.length > 512) {
    throw badUserInput(`hmacSecret must be ${MIN_HMAC_SECRET_LENGTH} to 512 characters`, 'hmacSecret');
  }
  return value;
}

function botToken(value: string): string {
  const token = value.trim();
  if (!SLACK_TOKEN.test(token)) throw badUserInput('botToken must be a Slack token (xoxb-…)', 'botToken');
  return token;
}

function slackChannel(value: string): string {
  const channel = value.trim();
  if (!SLACK_CHANNEL.test(channel)) {
    throw badUserInput('slackChannel must be a channel id (C…) or name', 'slackChannel');
  }
  return channel;
}

/** The e-mail settings as stored in `config`; the password goes to `secrets` (kept when left out). */
function email(input: NotificationEmailInput, secrets: Record<string, string>): Record<string, unknown> {
  const host = input.host.trim();
  if (!HOST.test(host)) throw badUserInput('email.host must be a host name or address', 'email.host');
  const port = input.port ?? 587;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw badUserInput('email.port must be 1 to 65535', 'email.port');
  }
  const from = input.from.trim();
  if (!ADDRESS.test(from)) throw badUserInput('email.from must be an e-mail address', 'email.from');
  const to = [...new Set(input.to.map((address) => address.trim()))];
  if (to.length === 0 || to.length > MAX_RECIPIENTS) {
    throw badUserInput(`email.to needs 1 to ${MAX_RECIPIENTS} addresses`, 'email.to');
  }
  const bad = to.find((address) => !ADDRESS.test(address));
  if (bad !== undefined) {
    throw badUserInput(`email.to: ${bad.slice(0, 100)} is not an e-mail address`, 'email.to');
  }
  const user = input.user?.trim() || null;
  if (input.password != null) secrets.password = input.password;
  if (user === null) delete secrets.password;
  else if (secrets.password === undefined) {
    throw badUserInput('email.password is needed with email.user', 'email.password');
  }
  return { host, port, secure: input.secure ?? false, user, from, to };
}

import { XInvalidRequest } from './x.responses.js';

export interface TimelineQuery {
  sinceId?: string;
  untilId?: string;
  startTimeMs?: number;
  endTimeMs?: number;
  maxResults: number;
  /** Only posts with ids below this one (the page before is done). */
  beforeId?: string;
  excludeReplies: boolean;
  excludeReposts: boolean;
  fields: Set<string>;
}

const PARAMETERS = [
  'since_id',
  'until_id',
  'start_time',
  'end_time',
  'max_results',
  'pagination_token',
  'exclude',
  'expansions',
  'tweet.fields',
  'user.fields',
  'media.fields',
  'place.fields',
  'poll.fields',
];
const TWEET_FIELDS = [
  'attachments',
  'author_id',
  'card_uri',
  'context_annotations',
  'conversation_id',
  'created_at',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'non_public_metrics',
  'note_tweet',
  'organic_metrics',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'source',
  'text',
  'withheld',
];
const ID = /^[0-9]{1,19}$/;

/** Reads `GET /2/users/:id/tweets` parameters with X's checks and X's wording when they fail. */
export function readTimelineQuery(query: Record<string, string | undefined>): TimelineQuery {
  for (const name of Object.keys(query)) {
    if (!PARAMETERS.includes(name)) {
      throw new XInvalidRequest(
        name,
        query[name] ?? '',
        `The query parameter [${name}] is not one of [id,${PARAMETERS.join(',')}]`,
      );
    }
  }
  const maxResults = Number(query.max_results ?? '10');
  if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 100) {
    throw new XInvalidRequest(
      'max_results',
      query.max_results ?? '',
      `The \`max_results\` query parameter value [${query.max_results}] is not between 5 and 100`,
    );
  }
  const exclude = list(query.exclude);
  for (const value of exclude) {
    if (value !== 'replies' && value !== 'retweets') {
      throw new XInvalidRequest(
        'exclude',
        value,
        `The \`exclude\` query parameter value [${value}] is not one of [replies, retweets]`,
      );
    }
  }
  const fields = list(query['tweet.fields']);
  for (const field of fields) {
    if (!TWEET_FIELDS.includes(field)) {
      throw new XInvalidRequest(
        'tweet.fields',
        field,
        `The \`tweet.fields\` query parameter value [${field}] is not one of [${TWEET_FIELDS.join(',')}]`,
      );
    }
  }
  return {
    sinceId: id('since_id', query.since_id),
    untilId: id('until_id', query.until_id),
    startTimeMs: time('start_time', query.start_time),
    endTimeMs: time('end_time', query.end_time),
    maxResults,
    beforeId: query.pagination_token === undefined ? undefined : readPaginationToken(query.pagination_token),
    excludeReplies: exclude.includes('replies'),
    excludeReposts: exclude.includes('retweets'),
    fields: new Set(fields),
  };
}

/** Opaque to clients: the last id of the page served, in base 36. */
export function paginationToken(lastId: string): string {
  return BigInt(lastId).toString(36);
}

function readPaginationToken(token: string): string {
  if (/^[0-9a-z]{1,13}$/.test(token)) {
    const id = [...token].reduce((value, digit) => value * 36n + BigInt(parseInt(digit, 36)), 0n);
    if (id < 2n ** 63n) return id.toString();
  }
  throw new XInvalidRequest(
    'pagination_token',
    token,
    `The \`pagination_token\` query parameter value [${token}] is not valid`,
  );
}

function id(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!ID.test(value)) {
    throw new XInvalidRequest(
      name,
      value,
      `The \`${name}\` query parameter value [${value}] does not match ^[0-9]{1,19}$`,
    );
  }
  return value;
}

function time(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(ms)) {
    throw new XInvalidRequest(
      name,
      value,
      `The \`${name}\` query parameter value [${value}] is not a valid RFC3339 date-time (YYYY-MM-DDTHH:mm:ssZ)`,
    );
  }
  return ms;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

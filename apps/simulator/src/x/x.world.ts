import type { Scenario } from '../scenario/scenario.schema.js';
import { renderText } from '../scenario/text-template.js';
import { timeAt, type Moment } from '../timeline/moment.js';
import { snowflakeId } from './snowflake.js';

export interface Tweet {
  id: string;
  createdAtMs: number;
  text: string;
  kind: 'post' | 'reply' | 'repost';
  /** Replies: the account answered. */
  inReplyToUserId?: string;
  /** Replies and reposts: the post they point at. */
  referencedId?: string;
}

/** The X account's timeline at a moment of the story, newest first. */
export class XWorld {
  constructor(private readonly scenario: Scenario) {}

  get user(): Scenario['x']['user'] {
    return this.scenario.x.user;
  }

  tweets(moment: Moment): Tweet[] {
    return this.scenario.x.tweets
      .map((tweet, index) => ({ tweet, index }))
      .filter(({ tweet }) => tweet.at <= moment.offset)
      .map(({ tweet, index }): Tweet => {
        const createdAtMs = Math.floor(timeAt(moment, tweet.at) / 1000) * 1000;
        const common = {
          id: snowflakeId(createdAtMs, index),
          createdAtMs,
          text: renderText(tweet.text, moment.originMs),
        };
        switch (tweet.kind) {
          case 'post':
            return { ...common, kind: 'post' };
          case 'reply':
            // The user's question came a minute or two earlier.
            return {
              ...common,
              kind: 'reply',
              inReplyToUserId: tweet.inReplyToUserId,
              referencedId: snowflakeId(createdAtMs - 97_000, index + 1),
            };
          case 'repost':
            return {
              ...common,
              kind: 'repost',
              referencedId: snowflakeId(createdAtMs - 3_600_000, index + 2),
            };
        }
      })
      .sort((a, b) => compareIds(b.id, a.id));
  }
}

export function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}

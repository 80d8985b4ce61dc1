import type { Scenario, ScenarioStatusPost } from '../scenario/scenario.schema.js';
import { QUIET_STATUS_SITE_POSTS } from '../scenario/scenario.defaults.js';
import type { StatusSitePostName } from '../scenario/scenario.vocabulary.js';
import { stableGuid } from '../scenario/stable-id.js';
import { renderText } from '../scenario/text-template.js';
import { nowMs, timeAt, type Moment } from '../timeline/moment.js';
import { NULL_DATE, statusSiteDate, statusSiteTimestamp } from './status-site-date.js';

/** The JSON post shape of upstreams.md §2, fields in the site's order. */
export interface StatusSitePost {
  Id: string;
  AuthoredDateTime: string;
  InternalDateTime: string;
  LastUpdatedTime: string;
  Title: string;
  Message: string;
  Status: string;
}

export interface ConsumerPost extends StatusSitePost {
  ServiceDisplayName: string;
  ServiceWorkloadName: string;
}

/** The status site at a moment of the story: the latest post of each kind, or its quiet default. */
export class StatusSiteWorld {
  constructor(private readonly scenario: Scenario) {}

  post(name: StatusSitePostName, moment: Moment): StatusSitePost {
    const quiet = QUIET_STATUS_SITE_POSTS[name];
    return this.#latest(this.scenario.statusSite.posts[name], moment, name, quiet);
  }

  consumerPosts(moment: Moment): ConsumerPost[] {
    return this.scenario.statusSite.m365Consumer.map(
      ({ serviceDisplayName, serviceWorkloadName, posts }) => ({
        ...this.#latest(posts, moment, serviceWorkloadName, { title: '', message: '' }),
        ServiceDisplayName: serviceDisplayName,
        ServiceWorkloadName: serviceWorkloadName,
      }),
    );
  }

  #latest(
    posts: ScenarioStatusPost[],
    moment: Moment,
    place: string,
    quiet: { title: string; message: string },
  ): StatusSitePost {
    const now = nowMs(moment);
    // The backend refreshes on a cadence; a new post shows at once but dates itself no earlier than its own time.
    const refreshMs = this.scenario.statusSite.refreshSeconds * 1000;
    const refreshed = Math.floor(now / refreshMs) * refreshMs;
    const index = posts.findLastIndex((post) => post.at <= moment.offset);
    const post = posts[index];
    if (!post) {
      return {
        Id: stableGuid(this.scenario.name, place, 'quiet'),
        AuthoredDateTime: NULL_DATE,
        InternalDateTime: statusSiteDate(refreshed),
        LastUpdatedTime: statusSiteTimestamp(now),
        Title: quiet.title,
        Message: quiet.message,
        Status: 'Available',
      };
    }
    const authored = post.authoredAt === undefined ? post.at : post.authoredAt;
    return {
      Id: post.id ?? stableGuid(this.scenario.name, place, index),
      AuthoredDateTime: authored === null ? NULL_DATE : statusSiteDate(timeAt(moment, authored)),
      InternalDateTime: statusSiteDate(Math.max(refreshed, timeAt(moment, post.at))),
      LastUpdatedTime: statusSiteTimestamp(now),
      Title: post.title,
      Message: renderText(post.message, moment.originMs),
      Status: post.status,
    };
  }
}

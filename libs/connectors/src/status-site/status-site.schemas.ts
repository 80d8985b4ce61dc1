import { z } from 'zod';

// A post or feed item is a payload: its schema is the domain's, one per signal kind (`#domain`).

/** `/api/posts/m365Consumer` as a whole: an array, whose entries are validated one by one. */
export const statusSiteConsumerListSchema = z.array(z.unknown());

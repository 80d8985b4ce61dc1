import { InitialSchema1795647303294 } from './1795647303294-InitialSchema.js';

/** Every migration, oldest first. A new one is generated with `npm run migration:generate -- <Name>`. */
export const MIGRATIONS = [InitialSchema1795647303294];

/** Name of the API's read-only DataSource (`@InjectDataSource(READS)`); the writers' is the default. */
export const READS = 'reads';

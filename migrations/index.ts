import { Migration20261123000001_foundation } from './Migration20261123000001_foundation';

/** Every migration in order. Listed explicitly so the same list serves `dist/` and the tests. */
export const migrationsList = [
  { name: Migration20261123000001_foundation.name, class: Migration20261123000001_foundation },
];

import { Foundation1732400000000 } from './1732400000000-foundation';

/** Every migration, in order. Add new ones at the end (file names start with a timestamp). */
export const migrations = [Foundation1732400000000];

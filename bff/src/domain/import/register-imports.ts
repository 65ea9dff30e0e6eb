import { registerJob } from '../../jobs/registry';
import { importMembersJob } from './member-import-jobs';

/** The background job of web member imports; loaded once with the routes. */
registerJob('import-members', importMembersJob);

import { e2eStores } from './global-setup';

/**
 * The e2e project's setup, in a module of its own: jest calls each setup module once, with the
 * project of whichever test it meets first, so one module shared with the integration project
 * could not tell which of the two it serves (cold CI ran it for integration and seeded nothing).
 * Jest runs it only when e2e tests run.
 */
export default e2eStores;

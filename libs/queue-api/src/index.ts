export * from './notice-facts.api';
export * from './queue-api.client';
export * from './env';

export * from './wire';
export * from './env';
export * from './registry.client';

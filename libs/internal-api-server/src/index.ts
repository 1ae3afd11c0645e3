export * from './internal-api.server';
export * from './direct-internal-routes';

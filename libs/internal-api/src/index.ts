export * from './service-token';
export * from './internal-endpoint';
export * from './internal-api.client';

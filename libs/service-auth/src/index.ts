export * from './service-token';
export * from './internal-api';
export * from './internal-api.client';

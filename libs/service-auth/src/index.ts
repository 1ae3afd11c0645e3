export * from './service-token';
export * from './internal-api';

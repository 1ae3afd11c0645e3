export * from './internal-api.server';

export * from './kindergarten-lookup.api';
export * from './claims.api';
export * from './env';
export * from './vacancies-api.client';
export * from './areas.api';
export * from './groups.api';

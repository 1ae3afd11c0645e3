export * from './error-codes';
export * from './domain-error';
export * from './http-error';
export * from './unavailable';

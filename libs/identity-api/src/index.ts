export * from './identity-api';
export * from './env';
export * from './identity-api.client';
export * from './people.api';
export * from './signing-document';

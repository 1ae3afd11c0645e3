export * from './wire';
export * from './env';
export * from './signed-actions.client';
export * from './signing-request.type';

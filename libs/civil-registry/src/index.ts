export * from './civil-registry';
export * from './env';
export * from './http-civil-registry';

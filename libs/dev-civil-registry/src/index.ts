export * from './dev-civil-registry';

export * from './portal-policy';

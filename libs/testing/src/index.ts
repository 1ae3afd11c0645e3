export * from './stores';
export * from './apps';

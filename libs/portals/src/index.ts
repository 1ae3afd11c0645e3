export * from './portals';

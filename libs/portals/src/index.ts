export * from './portals';
export * from './portal-access';

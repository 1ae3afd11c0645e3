export * from './metrics';
export * from './operation-metrics';

export * from './data-source';
export * from './pg-error';
export * from './cli';
export * from './analytics';
export * from './entity-rows';
export * from './prepared';

export * from './direct-graphql';
export * from './direct-routes';
export * from './keep-alive';

export * from './direct-graphql';
export * from './keep-alive';

export * from './direct-graphql';

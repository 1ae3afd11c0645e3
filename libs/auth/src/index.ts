export * from './roles';
export * from './access-token';
export * from './gateway-credential';
export * from './token-memo';

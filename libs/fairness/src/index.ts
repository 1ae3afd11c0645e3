export * from './chain';
export * from './forecast';
export * from './ledger';
export * from './pseudonym';
export * from './replay';
export * from './signature';

export * from './federation.module';
export * from './gateway-only';
export * from './define-api';
export * from './request-context';
export * from './scalars';
export * from './language.enum';

export * from './federation.module';
export * from './define-api';
export * from './request-context';
export * from './scalars';
export * from './language.enum';

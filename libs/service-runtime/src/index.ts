export * from './config';
export * from './core.module';
export * from './bootstrap';
export * from './define';
export * from './logger';
export { Readiness, type ReadinessCheck } from './health';

export * from './queue-names';
export * from './jobs.module';

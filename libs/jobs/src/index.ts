export * from './job-lists';
export * from './jobs.module';

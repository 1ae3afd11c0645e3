export * from './outbox-table';
export * from './record-event';
export * from './events-of-rows';
export * from './routes';
export * from './outbox-relay';
export * from './outbox.module';

export * from './csv';
export * from './analytics-report.model';
export * from './operator-region';
export * from './statistics-args';

export * from './clock';
export * from './clock-listeners';
export * from './duration';
export * from './shared-manual-clock';

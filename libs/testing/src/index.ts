export * from './stores';
export * from './apps';
export * from './tcp-proxy';
export * from './replica';

export * from './validate-input';
export * from './plain-text';

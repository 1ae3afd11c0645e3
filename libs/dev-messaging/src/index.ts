export * from './dev-sms-provider';
export * from './dev-mail-catcher';

export * from './ncalayer-emulator';
export * from './emulator-client';
export { MODULE, NCALAYER_KEY_TYPE, NCALAYER_PORT, NCALAYER_VERSION } from './ncalayer-protocol';

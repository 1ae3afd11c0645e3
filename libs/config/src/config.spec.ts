import { generateKeyPairSync } from 'node:crypto';
import {
  clockAllowed,
  clockEnv,
  ConfigError,
  introspectionEnabled,
  introspectionEnv,
  loadConfig,
  pemKey,
  serviceEnv,
} from './index';

describe('service configuration', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const valid = {
    PORT: '4002',
    DATABASE_URL: 'postgres://u@db:5432/kezek',
    REDIS_URL: 'redis://redis:6379',
    AUTH_JWT_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };

  it('parses and defaults a valid environment', () => {
    const config = loadConfig(serviceEnv, {
      ...valid,
      DATABASE_REPLICA_URLS: 'postgres://r1/kezek, postgres://r2/kezek',
    });
    expect(config).toMatchObject({
      PORT: 4002,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: 'kezek',
      DATABASE_REPLICA_URLS: ['postgres://r1/kezek', 'postgres://r2/kezek'],
    });
  });

  it('fails before boot naming each bad variable', () => {
    const attempt = () =>
      loadConfig(serviceEnv, { ...valid, DATABASE_URL: 'mysql://db/kezek', REDIS_URL: undefined, LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    expect(attempt).toThrow(/REDIS_URL: is required/);
    expect(attempt).toThrow(/LOG_LEVEL: /);
  });

  it('refuses a key that does not parse, and accepts one with escaped line breaks', () => {
    expect(() => loadConfig(serviceEnv, { ...valid, AUTH_JWT_PUBLIC_KEY: 'not a key' })).toThrow(
      /AUTH_JWT_PUBLIC_KEY: must be a PEM public key/,
    );
    const escaped = valid.AUTH_JWT_PUBLIC_KEY.replace(/\n/g, '\\n');
    expect(loadConfig(serviceEnv, { ...valid, AUTH_JWT_PUBLIC_KEY: escaped }).AUTH_JWT_PUBLIC_KEY).toBe(escaped);
    const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ KEY: pemKey('private') }, { KEY: valid.AUTH_JWT_PUBLIC_KEY })).toThrow(
      /KEY: must be a PEM private key/,
    );
    expect(loadConfig({ KEY: pemKey('private') }, { KEY: privatePem }).KEY).toBe(privatePem);
  });
});

describe('GRAPHQL_INTROSPECTION', () => {
  const shape = { NODE_ENV: serviceEnv.NODE_ENV, ...introspectionEnv };

  it('is on unless NODE_ENV=production, and the variable wins', () => {
    const of = (env: NodeJS.ProcessEnv) => introspectionEnabled(loadConfig(shape, env));
    expect(of({})).toBe(true);
    expect(of({ NODE_ENV: 'test' })).toBe(true);
    expect(of({ NODE_ENV: 'production' })).toBe(false);
    expect(of({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toBe(true);
    expect(of({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' })).toBe(false);
  });

  it('refuses anything but true or false before boot, naming the variable', () => {
    expect(() => loadConfig(shape, { GRAPHQL_INTROSPECTION: 'yes' })).toThrow(
      /GRAPHQL_INTROSPECTION: must be true or false/,
    );
  });
});

describe('CLOCK', () => {
  const shape = { NODE_ENV: serviceEnv.NODE_ENV, ...clockEnv };
  const load = (env: NodeJS.ProcessEnv) => clockAllowed(loadConfig(shape, env));

  it('is the system clock unless set; a manual one may start at an instant', () => {
    expect(load({})).toEqual({ NODE_ENV: 'development', CLOCK: 'system' });
    expect(load({ CLOCK: 'manual', CLOCK_START: '2026-09-01T09:00:00+05:00', NODE_ENV: 'test' })).toMatchObject({
      CLOCK: 'manual',
      CLOCK_START: new Date('2026-09-01T04:00:00Z'),
    });
  });

  it('refuses a manual clock in production, an unknown clock and a start without offset, naming the variable', () => {
    expect(() => load({ CLOCK: 'manual', NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => load({ CLOCK: 'manual', NODE_ENV: 'production' })).toThrow(/CLOCK: manual is refused/);
    expect(load({ CLOCK: 'system', NODE_ENV: 'production' }).CLOCK).toBe('system');
    expect(() => load({ CLOCK: 'frozen' })).toThrow(/CLOCK: /);
    expect(() => load({ CLOCK: 'manual', CLOCK_START: '2026-09-01T09:00:00' })).toThrow(/CLOCK_START: must be/);
  });
});

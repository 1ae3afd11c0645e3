import { ConfigError, loadConfig, serviceEnv } from './index';

describe('service configuration', () => {
  const valid = { PORT: '4002', DATABASE_URL: 'postgres://u@db:5432/kezek', REDIS_URL: 'redis://redis:6379', AUTH_JWT_PUBLIC_KEY: 'pem' };

  it('parses and defaults a valid environment', () => {
    const config = loadConfig(serviceEnv, { ...valid, DATABASE_REPLICA_URLS: 'postgres://r1/kezek, postgres://r2/kezek' });
    expect(config).toMatchObject({ PORT: 4002, NODE_ENV: 'development', LOG_LEVEL: 'info', QUEUE_PREFIX: 'kezek', DATABASE_REPLICA_URLS: ['postgres://r1/kezek', 'postgres://r2/kezek'] });
  });

  it('fails before boot naming each bad variable', () => {
    const attempt = () => loadConfig(serviceEnv, { ...valid, DATABASE_URL: 'mysql://db/kezek', REDIS_URL: undefined, LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    expect(attempt).toThrow(/REDIS_URL: is required/);
    expect(attempt).toThrow(/LOG_LEVEL: /);
  });
});

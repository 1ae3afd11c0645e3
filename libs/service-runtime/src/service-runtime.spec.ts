import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@kezek/config';
import { CoreModule } from './core.module';
import { loadServiceConfig } from './config';

describe('process configuration', () => {
  const env = {
    PORT: '0',
    DATABASE_URL: 'postgres://u@db/kezek',
    REDIS_URL: 'redis://r:6379',
    AUTH_JWT_PUBLIC_KEY: 'not a key',
  };
  const service = { name: 'queue', role: 'api' } as const;
  const build = () =>
    CoreModule.forRoot({
      service,
      data: { schema: 'queue', entities: [], migrations: [] },
      config: loadServiceConfig(service, {}, env),
    });

  it('refuses an unusable public key or PORTALS before boot, naming the variable', () => {
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/AUTH_JWT_PUBLIC_KEY: /);
    const saved = process.env.PORTALS;
    process.env.PORTALS = '[{"id":"astana"}]';
    try {
      env.AUTH_JWT_PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
      expect(build).not.toThrow(/AUTH_JWT_PUBLIC_KEY/);
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(/PORTALS: /);
    } finally {
      if (saved === undefined) delete process.env.PORTALS;
      else process.env.PORTALS = saved;
    }
  });
});

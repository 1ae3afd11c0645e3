import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@kezek/config';
import { DomainError, refusalExtensions } from '@kezek/errors';
import { DEFAULT_POLICY } from '@kezek/policy';
import { gatewayIntrospection, loadGatewayConfig, subgraphUrls } from './config';
import { formatGatewayError } from './gateway';
import { rateLimitedFields } from './rate-limit';

const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

describe('gateway configuration', () => {
  it('names every missing or wrong variable before boot', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(/PORT: .*\n.*AUTH_JWT_PUBLIC_KEY: is required/s);
    expect(() => loadGatewayConfig({ GATEWAY_SECRET: 'short' })).toThrow(
      /GATEWAY_SECRET: must be at least 32 characters/,
    );
    expect(() =>
      subgraphUrls(['identity', 'queue'], { SUBGRAPH_IDENTITY_URL: 'http://identity:4001/graphql' }),
    ).toThrow(/SUBGRAPH_QUEUE_URL: is required/);
  });

  it("points the playground at the operator's own NCALayer by default, and takes only a WebSocket URL", () => {
    const valid = { AUTH_JWT_PUBLIC_KEY: publicKey, REDIS_URL: 'redis://redis:6379', GATEWAY_SECRET: 'g'.repeat(32) };
    expect(loadGatewayConfig(valid).PLAYGROUND_NCALAYER_URL).toBe('wss://127.0.0.1:13579');
    const emulator = { ...valid, PLAYGROUND_NCALAYER_URL: 'ws://127.0.0.1:13579' };
    expect(loadGatewayConfig(emulator).PLAYGROUND_NCALAYER_URL).toBe('ws://127.0.0.1:13579');
    for (const url of ['https://127.0.0.1:13579', '127.0.0.1:13579'])
      expect(() => loadGatewayConfig({ ...valid, PLAYGROUND_NCALAYER_URL: url })).toThrow(
        /PLAYGROUND_NCALAYER_URL: must be a ws:\/\/ or wss:\/\/ URL/,
      );
  });

  describe('rate limits', () => {
    const valid = { AUTH_JWT_PUBLIC_KEY: publicKey, REDIS_URL: 'redis://redis:6379', GATEWAY_SECRET: 'g'.repeat(32) };

    it('needs Redis, and defaults the limits and TRUST_PROXY to off', () => {
      expect(() => loadGatewayConfig({ AUTH_JWT_PUBLIC_KEY: publicKey })).toThrow(/REDIS_URL: is required/);
      expect(loadGatewayConfig(valid)).toMatchObject({
        RATE_LIMIT_WINDOW_SECONDS: 60,
        RATE_LIMIT_ANONYMOUS_PER_CLIENT: 20,
        RATE_LIMIT_ANONYMOUS_PER_PORTAL: 3000,
        RATE_LIMIT_EXTRA_FIELDS: [],
        TRUST_PROXY: false,
      });
    });

    it('reads TRUST_PROXY as hops or proxy addresses, never as "trust anyone"', () => {
      const trust = (TRUST_PROXY: string) => loadGatewayConfig({ ...valid, TRUST_PROXY }).TRUST_PROXY;
      expect(trust('off')).toBe(false);
      expect(trust('1')).toBe(1);
      expect(trust('loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1')).toEqual([
        'loopback',
        '10.0.0.0/8',
        'fd00::/8',
        '192.0.2.1',
      ]);
      for (const bad of ['true', '0', '10.0.0.0/33', 'anyone'])
        expect(() => trust(bad)).toThrow(/TRUST_PROXY: must be off, a number of proxy hops/);
    });

    it('refuses a window over a minute and a limit under one', () => {
      expect(() => loadGatewayConfig({ ...valid, RATE_LIMIT_WINDOW_SECONDS: '3600' })).toThrow(
        /RATE_LIMIT_WINDOW_SECONDS/,
      );
      expect(() => loadGatewayConfig({ ...valid, RATE_LIMIT_ANONYMOUS_PER_CLIENT: '0' })).toThrow(
        /RATE_LIMIT_ANONYMOUS_PER_CLIENT/,
      );
      expect(() => loadGatewayConfig({ ...valid, RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT: '0' })).toThrow(
        /RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT/,
      );
      expect(loadGatewayConfig(valid).RATE_LIMIT_PUBLIC_LOOKUP_PER_CLIENT).toBe(10);
    });

    it('limits the anonymous operations always, and extra fields only if the supergraph has them', () => {
      const sdl = 'type Query { authChallenge: String  kindergartenLookup: String } type Mutation { signIn: String }';
      expect(rateLimitedFields(['kindergartenLookup', 'signIn'], sdl)).toEqual([
        'authChallenge',
        'signIn',
        'refreshSession',
        'verifyDocument',
        'queuePosition',
        'kindergartenLookup',
      ]);
      expect(() => rateLimitedFields(['lookupKindergarten'], sdl)).toThrow(
        /RATE_LIMIT_EXTRA_FIELDS: lookupKindergarten is not a Query or Mutation field/,
      );
    });
  });

  it('validates GRAPHQL_INTROSPECTION, unset in every NODE_ENV (the gateway then serves it)', () => {
    const env = { AUTH_JWT_PUBLIC_KEY: publicKey, REDIS_URL: 'redis://redis:6379', GATEWAY_SECRET: 'g'.repeat(32) };
    expect(gatewayIntrospection(loadGatewayConfig({ ...env, NODE_ENV: 'production' }))).toBe(true);
    expect(gatewayIntrospection(loadGatewayConfig({ ...env, GRAPHQL_INTROSPECTION: 'false' }))).toBe(false);
    expect(() => loadGatewayConfig({ ...env, GRAPHQL_INTROSPECTION: 'on' })).toThrow(/GRAPHQL_INTROSPECTION: /);
  });

  it('reads one URL per subgraph of the supergraph', () => {
    expect(subgraphUrls(['queue'], { SUBGRAPH_QUEUE_URL: 'http://queue:4002/graphql' })).toEqual({
      queue: 'http://queue:4002/graphql',
    });
  });
});

describe('gateway errors', () => {
  const log = jest.fn();

  it('keeps our codes and adds the kk/ru/en messages, without transport details', () => {
    const out = formatGatewayError(
      {
        message: 'Context creation failed: unknown portal',
        extensions: { code: 'UNKNOWN_PORTAL', http: { status: 400 } },
      },
      new Error(),
      log,
    );
    expect(out).toEqual({
      message: 'unknown portal',
      extensions: {
        code: 'UNKNOWN_PORTAL',
        messages: expect.objectContaining({ kk: expect.any(String), ru: expect.any(String), en: expect.any(String) }),
      },
    });
  });

  it("relays the messages a subgraph rendered from its portal's policy, and masks a policy refusal without them", () => {
    const policy = { ...DEFAULT_POLICY, revocationWindowHours: 48 };
    const refusal = new DomainError('REVOCATION_WINDOW_CLOSED', 'issued 49 hours ago', undefined, policy);
    const fromSubgraph = { message: refusal.message, extensions: refusalExtensions(refusal) };
    expect(formatGatewayError(fromSubgraph, new Error(), log).extensions?.messages).toEqual(
      expect.objectContaining({ en: 'A referral can be revoked only within 48 hours of issue.' }),
    );
    const bare = { message: 'x', extensions: { code: 'REVOCATION_WINDOW_CLOSED' } };
    expect(formatGatewayError(bare, new Error(), log).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('turns GraphQL input errors into VALIDATION_FAILED', () => {
    expect(
      formatGatewayError(
        { message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
        new Error(),
        log,
      ).extensions?.code,
    ).toBe('VALIDATION_FAILED');
  });

  it('answers a request Apollo could not read as BAD_REQUEST, and a wrong variable without its value', () => {
    const bad = formatGatewayError(
      { message: 'Variables are invalid JSON.', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      new Error(),
      log,
    );
    expect(bad).toEqual({
      message: 'Variables are invalid JSON.',
      extensions: { code: 'BAD_REQUEST', messages: expect.objectContaining({ en: expect.any(String) }) },
    });
    const coercion = formatGatewayError(
      { message: 'Variable "$x" got invalid value { iin: "920417412019" }', extensions: { code: 'BAD_USER_INPUT' } },
      new Error(),
      log,
    );
    expect(coercion).toMatchObject({
      message: 'Variable "$x" has an invalid value.',
      extensions: { code: 'VALIDATION_FAILED' },
    });
  });

  it('masks anything unexpected and logs it', () => {
    const out = formatGatewayError(
      {
        message: 'connect ECONNREFUSED 10.0.0.7:5432',
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['…'] },
      },
      new Error('boom'),
      log,
    );
    expect(out).toEqual({
      message: 'Internal server error',
      extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }),
    });
    expect(log).toHaveBeenCalled();
  });
});

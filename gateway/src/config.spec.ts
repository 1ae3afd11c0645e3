import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@kezek/config';
import { DomainError, refusalExtensions } from '@kezek/errors';
import { DEFAULT_POLICY } from '@kezek/policy';
import { gatewayIntrospection, loadGatewayConfig, subgraphUrls } from './config';
import { formatGatewayError } from './gateway';

describe('gateway configuration', () => {
  it('names every missing or wrong variable before boot', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(/PORT: .*\n.*AUTH_JWT_PUBLIC_KEY: is required/s);
    expect(() =>
      subgraphUrls(['identity', 'queue'], { SUBGRAPH_IDENTITY_URL: 'http://identity:4001/graphql' }),
    ).toThrow(/SUBGRAPH_QUEUE_URL: is required/);
  });

  it('validates GRAPHQL_INTROSPECTION, unset in every NODE_ENV (the gateway then serves it)', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const env = { AUTH_JWT_PUBLIC_KEY: key };
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

import { ArgumentsHost } from '@nestjs/common';
import { GraphQLError, GraphQLResolveInfo, Kind, locatedError } from 'graphql';
import { DomainError } from '@kezek/errors';
import { DomainErrorFilter } from './domain-error-filter';

const fieldNodes = [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'prepareReferral' } }];
const info = {
  fieldNodes,
  path: { prev: { prev: undefined, key: 'a', typename: 'Mutation' }, key: 0, typename: undefined },
} as unknown as GraphQLResolveInfo;
const host = (type: string, args: unknown[]) =>
  ({ getType: () => type, getArgs: () => args, getArgByIndex: (i: number) => args[i] }) as unknown as ArgumentsHost;

describe('DomainErrorFilter', () => {
  it('hands GraphQL the error graphql-js would locate, without formatting stack frames for it', () => {
    const refusal = new DomainError('NO_FREE_SEATS', 'the group has no free seat');
    const formatted: number[] = [];
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames) => {
      formatted.push(frames.length);
      return prepare ? prepare(error, frames) : [String(error), ...frames.map((f) => `    at ${f}`)].join('\n');
    };
    let handed: unknown;
    try {
      handed = new DomainErrorFilter().catch(refusal, host('graphql', [{}, {}, {}, info]));
    } finally {
      Error.prepareStackTrace = prepare;
    }
    expect(formatted.filter((frames) => frames > 0)).toEqual([]);
    const expected = locatedError(refusal, fieldNodes as never, ['a', 0]);
    expect(handed).toBeInstanceOf(GraphQLError);
    expect(locatedError(handed, fieldNodes as never, ['a', 0])).toBe(handed);
    expect({ ...(handed as GraphQLError).toJSON(), stack: (handed as GraphQLError).stack }).toEqual({
      ...expected.toJSON(),
      stack: expected.stack,
    });
    expect((handed as GraphQLError).originalError).toBe(refusal);
  });

  it('passes a refusal outside GraphQL on as it is', () => {
    const refusal = new DomainError('NOT_FOUND', 'no such application');
    expect(new DomainErrorFilter().catch(refusal, host('http', [{}, {}, () => undefined]))).toBe(refusal);
  });
});

import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, errorExtensions, inputErrorMessage, isDomainError, refusalExtensions } from '@kezek/errors';

/**
 * The one place errors become GraphQL errors: domain refusals keep their code and kk/ru/en
 * messages; input errors become VALIDATION_FAILED; a request Apollo could not read (a GET's bad
 * query string) BAD_REQUEST; anything else is masked (no stack traces).
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (e: unknown) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (isDomainError(original)) {
    const e = original as DomainError;
    return { ...base, message: e.message, extensions: refusalExtensions(e) };
  }
  const code = formatted.extensions?.code;
  if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') {
    return {
      ...base,
      message: inputErrorMessage(formatted.message),
      extensions: errorExtensions('VALIDATION_FAILED', { graphql: code }),
    };
  }
  if (code === 'BAD_REQUEST') return { ...base, extensions: errorExtensions('BAD_REQUEST') };
  log(original);
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: errorExtensions('INTERNAL_SERVER_ERROR'),
  };
}

import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  DomainError,
  errorExtensions,
  fixedMessages,
  inputErrorMessage,
  isGraphqlInputError,
  isConnectionFailure,
  isDomainError,
  refusalExtensions,
  unavailableStatus,
} from '@kezek/errors';

/**
 * The one place errors become GraphQL errors: domain refusals keep their code and kk/ru/en
 * messages; input errors become VALIDATION_FAILED; a request Apollo could not read (a GET's bad
 * query string) BAD_REQUEST; a database connection that failed SERVICE_UNAVAILABLE (retryable,
 * HTTP 503 by `executionStatus`); anything else is masked (no stack traces).
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
  if (isGraphqlInputError(code)) {
    return {
      ...base,
      message: inputErrorMessage(formatted.message),
      extensions: errorExtensions('VALIDATION_FAILED', { graphql: code }),
    };
  }
  if (code === 'BAD_REQUEST') return { ...base, extensions: errorExtensions('BAD_REQUEST') };
  log(original);
  if (isConnectionFailure(original))
    return {
      message: fixedMessages('SERVICE_UNAVAILABLE').en,
      path: formatted.path,
      extensions: errorExtensions('SERVICE_UNAVAILABLE'),
    };
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: errorExtensions('INTERNAL_SERVER_ERROR'),
  };
}

/**
 * The HTTP status of an executed operation: 503 when an error is SERVICE_UNAVAILABLE (retryable),
 * else 200 as Nest's own plugin sets it (`preserveHttpStatusForExecutionErrors`, which this one
 * replaces: it would reset the 503). Apollo takes a status from the thrown error's
 * `extensions.http` only, before formatError recognises a database error, so it is set here.
 */
export function executionStatus<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const status = unavailableStatus(response.body.singleResult.errors);
          if (status) response.http.status = status;
          else if ('data' in response.body.singleResult) response.http.status = 200;
        },
      };
    },
  };
}

import { GraphQLError, GraphQLSchema, OperationDefinitionNode, print, VariableDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { ApolloServerPlugin } from '@apollo/server';
import type { ServerResponse } from 'node:http';
import { FixedErrorCode, httpErrorResponse, sendHttpError } from '@kezek/errors';

/**
 * The variables are coerced here, before the gateway plans the query. @apollo/gateway coerces
 * them too, but reports a wrong value as a plain execution error, which Apollo Server answers as
 * INTERNAL_SERVER_ERROR (and the gateway logged, value and all). A wrong variable is the
 * caller's error: BAD_USER_INPUT with HTTP 400 (VALIDATION_FAILED once formatted). Its message
 * names the variable and the type expected, never the value sent (graphql-js quotes it).
 */
export function variableCoercionPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, schema }) {
          const refusal = variableRefusal(schema, operation, request.variables);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/** The refusal of `variables` that do not fit the operation's definitions; undefined when they do. */
export function variableRefusal(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown> | undefined,
): GraphQLError | undefined {
  const definitions = operation?.variableDefinitions ?? [];
  if (definitions.length === 0) return undefined;
  const { errors } = getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 10 });
  if (!errors?.length) return undefined;
  const invalid = definitions.filter((d) => errors.some((e) => e.nodes?.includes(d)));
  return new GraphQLError(
    invalid.length
      ? invalid.map((d) => `Variable "$${d.variable.name.value}" must be a ${print(d.type)}.`).join(' ')
      : 'The variables are not valid.',
    {
      nodes: invalid as VariableDefinitionNode[],
      extensions: {
        code: 'BAD_USER_INPUT',
        http: { status: 400 },
      },
    },
  );
}

/** A refusal on one of the gateway's own HTTP paths (documents, the job board), in the GraphQL error shape. */
export function refuseHttp(
  res: ServerResponse,
  status: number,
  code: FixedErrorCode,
  message?: string,
  details?: Record<string, unknown>,
): void {
  sendHttpError(res, httpErrorResponse(code, status, message, details));
}

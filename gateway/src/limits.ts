import {
  DocumentNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLSchema,
  isListType,
  Kind,
  validate,
} from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Items a list field is assumed to return when no `first` argument bounds it. */
const DEFAULT_LIST_SIZE = 20;

/** A list field costs its children once per item it may return (`first`, else a default). */
const listEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  const pageSize = typeof args.first === 'number' ? Math.max(args.first, 1) : DEFAULT_LIST_SIZE;
  if (isListType(type)) return 1 + childComplexity * pageSize;
  // A page object (`items`, `totalCount`…) is bounded by the `first` of the field returning it.
  if (typeof args.first === 'number' && getNamedType(type).name.endsWith('Page'))
    return 1 + childComplexity * (pageSize / DEFAULT_LIST_SIZE);
  return undefined;
};

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

export type LimitViolation = { kind: 'depth'; message: string } | { kind: 'cost'; cost: number; max: number };

/**
 * An operation that only asks for the schema (the playground's and tools' introspection) is
 * bounded by the schema itself; it is deep and wide by nature, so the limits do not apply.
 */
export function isIntrospectionOnly(document: DocumentNode, operationName: string | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  return (
    !!operation &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'))
  );
}

/** Checks one operation against the depth and cost limits; null when it is within them. */
export function checkLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  limits: QueryLimits,
): LimitViolation | null {
  if (isIntrospectionOnly(document, operationName)) return null;
  const depthErrors = validate(schema, document, [depthLimit(limits.maxDepth)]);
  if (depthErrors.length > 0) return { kind: 'depth', message: depthErrors[0].message };
  const cost = getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  return cost > limits.maxCost ? { kind: 'cost', cost, max: limits.maxCost } : null;
}

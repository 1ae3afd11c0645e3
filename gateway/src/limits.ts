import {
  ASTNode,
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLSchema,
  isListType,
  Kind,
  OperationTypeNode,
  SelectionSetNode,
  validate,
  visit,
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

export type LimitViolation =
  | { kind: 'depth'; message: string }
  | { kind: 'sideEffect'; field: string; count: number }
  | { kind: 'cost'; cost: number; max: number };

/**
 * Query fields that write. Every Mutation field has side effects by definition and needs no
 * entry; a Query field that stores something (`authChallenge` stores the challenge it returns)
 * is named here. `limits.spec.ts` keeps the list to fields the supergraph has.
 */
export const QUERY_FIELDS_WITH_SIDE_EFFECTS: readonly string[] = ['authChallenge'];

/**
 * The root fields an operation runs, by field name, with the number of times each runs: once per
 * response key (an alias makes another run; the same key twice, also through fragments, is merged
 * into one run by GraphQL). `@skip`/`@include` are not evaluated, so this may over-count, never under.
 */
export function rootFieldRuns(document: DocumentNode, operationName: string | undefined): Map<string, number> {
  const operation = getOperationAST(document, operationName);
  const runs = new Map<string, number>();
  if (!operation) return runs;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const keys = new Map<string, string>(); // response key → field name
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) keys.set(s.alias?.value ?? s.name.value, s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  for (const field of keys.values()) runs.set(field, (runs.get(field) ?? 0) + 1);
  return runs;
}

/**
 * A root field with side effects runs at most once per operation, whatever it costs otherwise.
 * Chosen over a high cost: a cost only bounds writes to MAX_QUERY_COST / cost per operation and
 * ties that bound to a tunable number, while no portal needs the same write twice in one
 * operation. With one run per operation, one request is at most one write per field, so the
 * gateway's rate limiter (rate-limit.ts), which counts runs, counts the writes exactly.
 */
function sideEffectViolation(
  document: DocumentNode,
  operationName: string | undefined,
): Extract<LimitViolation, { kind: 'sideEffect' }> | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const writes = (field: string) =>
    operation.operation === OperationTypeNode.MUTATION ||
    (operation.operation === OperationTypeNode.QUERY && QUERY_FIELDS_WITH_SIDE_EFFECTS.includes(field));
  for (const [field, count] of rootFieldRuns(document, operationName))
    if (count > 1 && writes(field)) return { kind: 'sideEffect', field, count };
  return null;
}

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

/** Checks one operation against the depth, side-effect and cost limits; null when it is within them. */
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
  const sideEffect = sideEffectViolation(document, operationName);
  if (sideEffect) return sideEffect;
  const cost = getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  return cost > limits.maxCost ? { kind: 'cost', cost, max: limits.maxCost } : null;
}

/** The most verdicts kept for one operation: one per distinct value of its cost variables. */
const VERDICTS_PER_OPERATION = 64;

/**
 * The variables an operation's verdict depends on: those given to a `first` argument (what the
 * list estimator reads) or to `@skip`/`@include` (the cost counts only what runs). Depth and
 * side effects depend on no variable.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  visit(document, {
    Directive: (node) => void (['skip', 'include'].includes(node.name.value) && collect(node)),
    Argument: (node) => void (node.name.value === 'first' && collect(node)),
  });
  return [...names].sort();
}

/**
 * checkLimits with its verdicts remembered per parsed document: Apollo hands the gateway the same
 * DocumentNode for the same query text, and a verdict can change only with the values of the
 * operation's cost variables (costVariables) — for most operations none, so a mutation's signed
 * XML or ids in variables do not make every request walk the document again.
 */
export function rememberedLimits(limits: QueryLimits) {
  const byDocument = new WeakMap<
    GraphQLSchema,
    WeakMap<DocumentNode, { costVariables: string[]; verdicts: Map<string, LimitViolation | null> }>
  >();
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | undefined,
  ): LimitViolation | null => {
    let bySchema = byDocument.get(schema);
    if (!bySchema) byDocument.set(schema, (bySchema = new WeakMap()));
    let known = bySchema.get(document);
    if (!known) bySchema.set(document, (known = { costVariables: costVariables(document), verdicts: new Map() }));
    const key = JSON.stringify([operationName ?? '', ...known.costVariables.map((name) => variables[name] ?? null)]);
    const remembered = known.verdicts.get(key);
    if (remembered !== undefined) return remembered;
    const verdict = checkLimits(schema, document, variables, operationName, limits);
    if (known.verdicts.size < VERDICTS_PER_OPERATION) known.verdicts.set(key, verdict);
    return verdict;
  };
}

import {
  buildASTSchema,
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  isScalarType,
  isUnionType,
  parse,
} from 'graphql';

/**
 * The hostile-input sweep's generator: every Query and Mutation root field of a supergraph as an
 * operation with variables, a harmless value for each argument, and the hostile variants of each
 * argument (and of each field of an input-object argument). Nothing here knows a field by name,
 * so a new operation of the supergraph is swept without a new test.
 */

/** Stands for raw bytes that are not UTF-8 in the body (`encodeBody` puts them in). */
export const INVALID_UTF8 = '\u0001KEZEK-INVALID-UTF8\u0001';
/** The bytes: a truncated 2-byte sequence, a byte never valid in UTF-8, an encoded surrogate. */
const INVALID_UTF8_BYTES = Buffer.from([0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]);

/** Recognisable secrets the sweep sends: none may reach a log line or a response. */
export const MARKERS = {
  iin: '870312450193',
  token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJob3N0aWxlLXN3ZWVwIn0.aG9zdGlsZS1zaWduYXR1cmUtdmFsdWU',
  signature: 'SG9zdGlsZVN3ZWVwU2lnbmF0dXJlVmFsdWU=',
} as const;
export const SIGNED_XML =
  `<?xml version="1.0" encoding="UTF-8"?><login><iin>${MARKERS.iin}</iin>` +
  `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>${MARKERS.signature}` +
  `</ds:SignatureValue></ds:Signature></login>`;

/** A value of the right type that names nothing: an ID no row has, a string that is no valid anything. */
const MISSING_ID = '00000000-0000-4000-8000-00000000dead';
const HARMLESS_STRING = `hostile ${MARKERS.iin} ${MARKERS.token}`;

export interface SweptOperation {
  /** `Query.me`, `Mutation.signIn`. */
  name: string;
  field: string;
  kind: 'query' | 'mutation';
  /** The operation with one variable per argument, named after it. */
  query: string;
  /** Harmless values for the variables: right types, naming nothing. */
  variables: Record<string, unknown>;
}

export interface HostileCase {
  /** `Mutation.signIn(signedXml): empty string`. */
  name: string;
  operation: SweptOperation;
  variables: Record<string, unknown>;
}

export function supergraphSchema(sdl: string): GraphQLSchema {
  return buildASTSchema(parse(sdl), { assumeValidSDL: true });
}

const argumentFree = (f: GraphQLField<unknown, unknown>) => f.args.every((a) => !isRequiredArgument(a));

/** The leaf fields of an object type that need no argument. */
function leaves(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .filter((f) => argumentFree(f) && isLeafType(getNamedType(f.type)))
    .map((f) => f.name);
}

/**
 * A valid selection of `type`: `__typename`, its leaves, and the leaves of its object fields one
 * level down (not of lists of objects, so the query stays within the cost limit); a union selects
 * each member's leaves.
 */
export function selectionOf(type: GraphQLNamedType, depth = 1): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type))
    return `{ __typename ${type
      .getTypes()
      // Members' fields of one name may differ in type: each is aliased by its member.
      .map(
        (t) =>
          `... on ${t.name} { ${leaves(t)
            .map((f) => `${t.name}_${f}: ${f}`)
            .join(' ')} }`,
      )
      .join(' ')} }`;
  if (!isObjectType(type)) return '{ __typename }';
  const parts = ['__typename', ...leaves(type)];
  if (depth > 0)
    for (const f of Object.values(type.getFields())) {
      const inner = getNamedType(f.type);
      if (!argumentFree(f) || isLeafType(inner) || isListType(getNullableType(f.type))) continue;
      parts.push(`${f.name} ${selectionOf(inner, depth - 1)}`);
    }
  return `{ ${parts.join(' ')} }`;
}

/** A harmless value of an input type (required input fields only). */
export function harmlessValue(type: GraphQLInputType): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [harmlessValue(t.ofType)];
  if (isEnumType(t)) return t.getValues()[0].name;
  if (isInputObjectType(t))
    return Object.fromEntries(
      Object.values(t.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, harmlessValue(f.type)]),
    );
  switch (isScalarType(t) ? t.name : '') {
    case 'ID':
      return MISSING_ID;
    case 'Int':
      return 1;
    case 'Float':
      return 0.5;
    case 'Boolean':
      return true;
    case 'Date':
      return '2020-01-01';
    case 'DateTime':
      return '2020-01-01T00:00:00+05:00';
    default:
      return HARMLESS_STRING;
  }
}

/** Every root field of Query and Mutation as an operation with harmless variables. */
export function sweptOperations(schema: GraphQLSchema): SweptOperation[] {
  const roots: Array<['query' | 'mutation', GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  return roots.flatMap(([kind, root]) =>
    Object.values(root?.getFields() ?? {}).map((f) => {
      const defs = f.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const args = f.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const query =
        `${kind} Hostile${defs ? `(${defs})` : ''} ` +
        `{ ${f.name}${args ? `(${args})` : ''} ${selectionOf(getNamedType(f.type))} }`;
      const variables = Object.fromEntries(
        f.args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, harmlessValue(a.type)]),
      );
      return { name: `${root!.name}.${f.name}`, field: f.name, kind, query, variables };
    }),
  );
}

/** The hostile values for one slot of the given type. */
export function hostileValues(type: GraphQLInputType): Array<[string, unknown]> {
  const t = getNamedType(type);
  const stringish = isScalarType(t) && !['Int', 'Float', 'Boolean'].includes(t.name);
  const values: Array<[string, unknown]> = [
    // An object where a scalar is expected; a string where an object or a number is.
    ['wrong type', stringish || isEnumType(t) ? { iin: MARKERS.iin, token: MARKERS.token } : HARMLESS_STRING],
    ['array instead of a value', [SIGNED_XML, { iin: MARKERS.iin }]],
    ['null', null],
    ['empty string', ''],
    ['1 MB string', SIGNED_XML.padEnd(1024 * 1024, SIGNED_XML)],
    ['control characters', `\u0000\u0007\u001b[2J\r\n\u2028${MARKERS.iin}\u0000${MARKERS.token}`],
    ['lone surrogates', `\ud800${MARKERS.iin}\udfff${MARKERS.token}\ud83d`],
    ['invalid UTF-8 bytes', `${INVALID_UTF8}${MARKERS.iin}${INVALID_UTF8}`],
  ];
  if (!stringish) values.push(['huge number', 1e308], ['NaN-like', 'NaN']);
  return values;
}

/** For each argument of each operation (and each field of an input-object argument), every hostile value. */
export function hostileCases(operations: SweptOperation[], schema: GraphQLSchema): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const operation of operations) {
    const root = operation.kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    for (const arg of root.getFields()[operation.field].args as GraphQLArgument[]) {
      const base = { ...operation.variables, [arg.name]: operation.variables[arg.name] ?? harmlessValue(arg.type) };
      for (const [what, value] of hostileValues(arg.type))
        cases.push({
          name: `${operation.name}(${arg.name}): ${what}`,
          operation,
          variables: { ...base, [arg.name]: value },
        });
      const input = getNullableType(arg.type);
      if (!isInputObjectType(input)) continue;
      for (const field of Object.values(input.getFields()))
        for (const [what, value] of hostileValues(field.type))
          cases.push({
            name: `${operation.name}(${arg.name}.${field.name}): ${what}`,
            operation,
            variables: { ...base, [arg.name]: { ...(base[arg.name] as object), [field.name]: value } },
          });
    }
  }
  return cases;
}

/** The JSON body, with the invalid-UTF-8 placeholder replaced by raw bytes. */
export function encodeBody(payload: unknown): Buffer {
  const parts = JSON.stringify(payload).split(JSON.stringify(INVALID_UTF8).slice(1, -1));
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [Buffer.from(p)] : [INVALID_UTF8_BYTES, Buffer.from(p)])));
}

/**
 * A query nested `depth` levels deep through object fields that need no argument (`Group.kindergarten`,
 * `Kindergarten.groups`…), starting at a root query field; null when the schema has no path that deep.
 */
export function deepQuery(
  schema: GraphQLSchema,
  depth: number,
): { query: string; variables: Record<string, unknown> } | null {
  const dive = (type: GraphQLNamedType, left: number): string | null => {
    if (left === 0) return '{ __typename }';
    if (!isObjectType(type)) return null;
    for (const f of Object.values(type.getFields())) {
      const inner = getNamedType(f.type);
      if (!argumentFree(f) || !isObjectType(inner)) continue;
      const rest = dive(inner, left - 1);
      if (rest) return `{ ${f.name} ${rest} }`;
    }
    return null;
  };
  for (const operation of sweptOperations(schema).filter((o) => o.kind === 'query')) {
    const field = schema.getQueryType()!.getFields()[operation.field];
    const rest = dive(getNamedType(field.type), depth - 1);
    if (!rest) continue;
    const head = operation.query.slice(0, operation.query.indexOf(operation.field) + operation.field.length);
    const args = operation.query.slice(head.length).match(/^\([^)]*\)/)?.[0] ?? '';
    return { query: `${head}${args} ${rest} }`, variables: operation.variables };
  }
  return null;
}

/** `count` aliases of the first query field that needs no argument. */
export function aliasedQuery(schema: GraphQLSchema, count: number): string {
  const field = Object.values(schema.getQueryType()!.getFields()).find(argumentFree)!;
  const selection = selectionOf(getNamedType(field.type), 0);
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field.name} ${selection}`).join(' ')} }`;
}

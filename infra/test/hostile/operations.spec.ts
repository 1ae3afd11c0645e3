import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { SUPERGRAPH_PATH } from '../../supergraph/compose';
import {
  aliasedQuery,
  deepQuery,
  encodeBody,
  hostileCases,
  INVALID_UTF8,
  supergraphSchema,
  sweptOperations,
} from './operations';

describe('the hostile sweep generator', () => {
  const schema = supergraphSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const operations = sweptOperations(schema);

  it('makes one valid operation of every Query and Mutation root field', () => {
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) =>
      Object.keys(t.getFields()).map((f) => `${t.name}.${f}`),
    );
    expect(operations.map((o) => o.name).sort()).toEqual(roots.sort());
    for (const o of operations)
      expect({ name: o.name, errors: validate(schema, parse(o.query)) }).toEqual({
        name: o.name,
        errors: [],
      });
  });

  it('covers a field added to the supergraph without a new test', () => {
    const sdl = `type Query { a(x: Int!): String } type Mutation { b(input: I!): T! } input I { s: String! } type T { id: ID! t: T }`;
    const s = supergraphSchema(sdl);
    const ops = sweptOperations(s);
    expect(ops.map((o) => o.query)).toEqual([
      'query Hostile($x: Int!) { a(x: $x)  }',
      'mutation Hostile($input: I!) { b(input: $input) { __typename id t { __typename id } } }',
    ]);
    const names = hostileCases(ops, s).map((c) => c.name);
    expect(names).toContain('Query.a(x): null');
    expect(names).toContain('Mutation.b(input.s): lone surrogates');
  });

  it('has hostile values for every argument', () => {
    const cases = hostileCases(operations, schema);
    for (const o of operations.filter((o) => o.query.includes('$')))
      expect(cases.some((c) => c.operation === o)).toBe(true);
    expect(cases.length).toBeGreaterThan(200);
  });

  it('writes raw bytes that are not UTF-8 into the body', () => {
    const body = encodeBody({ x: `a${INVALID_UTF8}b` });
    expect([...body]).toEqual([...Buffer.from('{"x":"a'), 0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80, ...Buffer.from('b"}')]);
  });

  it('nests a query past a depth and aliases a field', () => {
    const deep = deepQuery(schema, 14)!;
    expect(validate(schema, parse(deep.query))).toEqual([]);
    expect(deep.query.split('{').length - 1).toBeGreaterThanOrEqual(14);
    const aliased = aliasedQuery(schema, 1000);
    expect(validate(schema, parse(aliased))).toEqual([]);
    expect(aliased.match(/a\d+:/g)).toHaveLength(1000);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { checkLimits, costVariables, QUERY_FIELDS_WITH_SIDE_EFFECTS, rememberedLimits, rootFieldRuns } from './limits';

const schema = buildSchema(`
  type Query { kindergartens: [Kindergarten!]!  page(first: Int): KindergartenPage! }
  type KindergartenPage { items: [Kindergarten!]!  totalCount: Int! }
  type Kindergarten { id: ID!  name: String!  groups: [Group!]! }
  type Group { id: ID!  kindergarten: Kindergarten! }
`);
const limits = { maxDepth: 6, maxCost: 500 };
const check = (q: string) => checkLimits(schema, parse(q), {}, undefined, limits);

describe('query limits', () => {
  it('lets an ordinary query through', () => {
    expect(check('{ kindergartens { id name groups { id } } }')).toBeNull();
  });

  it('refuses a query nested deeper than the limit, also through fragments', () => {
    expect(
      check(
        '{ kindergartens { groups { kindergarten { groups { kindergarten { groups { kindergarten { id } } } } } } } }',
      ),
    ).toMatchObject({ kind: 'depth' });
    expect(
      check(
        '{ kindergartens { ...k } } fragment k on Kindergarten { groups { kindergarten { groups { kindergarten { groups { kindergarten { id } } } } } } }',
      ),
    ).toMatchObject({ kind: 'depth' });
  });

  it('multiplies the cost of what lists return, so shallow but wide queries are refused', () => {
    // 20 kindergartens × 20 groups × their kindergarten: within depth, far beyond cost.
    expect(check('{ kindergartens { groups { kindergarten { name groups { id } } } } }')).toMatchObject({
      kind: 'cost',
      max: 500,
    });
  });

  it('bounds a page by its `first` argument', () => {
    const page = (first: number) => check(`{ page(first: ${first}) { items { groups { id } } } }`);
    expect(page(5)).toBeNull();
    expect(page(50)).toMatchObject({ kind: 'cost' });
    expect(
      checkLimits(schema, parse('{ page(first: 100) { items { groups { id name: id } } } }'), {}, undefined, limits),
    ).toMatchObject({ kind: 'cost' });
    expect(
      checkLimits(schema, parse('{ page(first: 1) { items { groups { id } } } }'), {}, undefined, limits),
    ).toBeNull();
  });

  it("lets the playground's introspection through, but not data hidden behind an introspection field", () => {
    expect(
      checkLimits(schema, parse(getIntrospectionQuery()), {}, 'IntrospectionQuery', { maxDepth: 6, maxCost: 10 }),
    ).toBeNull();
    expect(check('{ __typename kindergartens { groups { kindergarten { name groups { id } } } } }')).toMatchObject({
      kind: 'cost',
    });
  });
});

describe('limits remembered per document', () => {
  it('gives the verdict checkLimits gives, for the operation asked for, every time', () => {
    const remembered = rememberedLimits(limits);
    const document = parse(
      'query Wide { kindergartens { groups { kindergarten { name groups { id } } } } } query Flat { kindergartens { id } }',
    );
    for (let i = 0; i < 2; i++) {
      expect(remembered(schema, document, {}, 'Wide')).toMatchObject({ kind: 'cost' });
      expect(remembered(schema, document, {}, 'Flat')).toBeNull();
    }
  });

  it('remembers the verdict of an operation whose cost depends on none of its variables', () => {
    const remembered = rememberedLimits(limits);
    const document = parse('query($id: ID!) { kindergartens { groups { kindergarten { name groups { id } } } } }');
    expect(costVariables(document)).toEqual([]);
    const first = remembered(schema, document, { id: '1' }, undefined);
    expect(first).toMatchObject({ kind: 'cost' });
    // The same verdict, not one worked out again for the other id.
    expect(remembered(schema, document, { id: '2' }, undefined)).toBe(first);
  });

  it('works the verdict out again for other values of a @skip/@include variable', () => {
    const remembered = rememberedLimits(limits);
    const document = parse(
      'query($wide: Boolean!) { kindergartens @include(if: $wide) { groups { kindergarten { name groups { id } } } } }',
    );
    expect(remembered(schema, document, { wide: false }, undefined)).toBeNull();
    expect(remembered(schema, document, { wide: true }, undefined)).toMatchObject({ kind: 'cost' });
    expect(remembered(schema, document, { wide: false }, undefined)).toBeNull();
  });

  it('names the variables a verdict depends on: `first` and @skip/@include', () => {
    expect(
      costVariables(
        parse(
          'query($n: Int, $s: Boolean!, $id: ID) { page(first: $n) { items @skip(if: $s) { id } } kindergartens { id name } }',
        ),
      ),
    ).toEqual(['n', 's']);
  });

  it('checks an operation with variables by the values of each request', () => {
    const remembered = rememberedLimits(limits);
    const document = parse('query($n: Int) { page(first: $n) { items { groups { id } } } }');
    expect(remembered(schema, document, { n: 5 }, undefined)).toBeNull();
    expect(remembered(schema, document, { n: 50 }, undefined)).toMatchObject({ kind: 'cost' });
    expect(remembered(schema, document, { n: 5 }, undefined)).toBeNull();
  });
});

describe('root fields with side effects', () => {
  const writes = buildSchema(`
    type Query { authChallenge: Challenge!  regions: [String!]! }
    type Challenge { nonce: String!  xml: String! }
    type Mutation { signIn(x: String!): String!  signOut: Boolean!  publishSeats(n: Int!): Int! }
  `);
  const check = (q: string, operationName?: string) =>
    checkLimits(writes, parse(q), {}, operationName, { maxDepth: 12, maxCost: 5000 });
  const aliased = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

  it('refuses a Query field that writes when aliased, within cost: 1,000 challenges are one request no more', () => {
    expect(check(`{ ${aliased(1000, 'authChallenge { nonce }')} }`)).toEqual({
      kind: 'sideEffect',
      field: 'authChallenge',
      count: 1000,
    });
    expect(check(`{ ${aliased(2, 'authChallenge { nonce }')} }`)).toMatchObject({ kind: 'sideEffect' });
    expect(check('{ authChallenge { nonce } regions }')).toBeNull();
  });

  it('counts every Mutation field, with no list to keep: a new mutation is covered as it is added', () => {
    expect(check(`mutation { ${aliased(2, 'publishSeats(n: 1)')} }`)).toMatchObject({
      kind: 'sideEffect',
      field: 'publishSeats',
      count: 2,
    });
    expect(check('mutation { a: signIn(x: "1") b: signIn(x: "2") }')).toMatchObject({ field: 'signIn' });
    // Different writes in one operation run once each.
    expect(check('mutation { signIn(x: "1") signOut publishSeats(n: 1) }')).toBeNull();
  });

  it('sees aliases hidden in fragments, and merges what GraphQL merges', () => {
    expect(
      check(
        '{ ...a ...b } fragment a on Query { x: authChallenge { nonce } } fragment b on Query { y: authChallenge { xml } }',
      ),
    ).toMatchObject({ kind: 'sideEffect', count: 2 });
    expect(check('{ ... on Query { a: authChallenge { nonce } } b: authChallenge { nonce } }')).toMatchObject({
      count: 2,
    });
    // The same response key twice is one run.
    expect(check('{ authChallenge { nonce } ...c } fragment c on Query { authChallenge { xml } }')).toBeNull();
    expect(rootFieldRuns(parse('{ a: regions b: regions authChallenge { nonce } }'), undefined)).toEqual(
      new Map([
        ['regions', 2],
        ['authChallenge', 1],
      ]),
    );
  });

  it('lets a read-only Query field be aliased, and checks only the operation asked for', () => {
    expect(check(`{ ${aliased(5, 'regions')} }`)).toBeNull();
    expect(check('query Read { regions } mutation Write { a: signOut b: signOut }', 'Read')).toBeNull();
    expect(check('query Read { regions } mutation Write { a: signOut b: signOut }', 'Write')).toMatchObject({
      field: 'signOut',
    });
  });

  it('names only Query fields the supergraph has', () => {
    const supergraph = buildASTSchema(parse(readFileSync(join(__dirname, '..', 'supergraph.graphql'), 'utf8')), {
      assumeValidSDL: true,
    });
    const queryFields = Object.keys(supergraph.getQueryType()!.getFields());
    expect(QUERY_FIELDS_WITH_SIDE_EFFECTS.filter((f) => !queryFields.includes(f))).toEqual([]);
  });
});

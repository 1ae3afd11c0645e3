import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { checkLimits } from './limits';

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

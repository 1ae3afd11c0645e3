import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { getVariableValues, Kind, OperationDefinitionNode, parse, validate } from 'graphql';
import { playgroundCsp } from '../playground';
import { PLAYGROUND_EXAMPLES } from './examples';
import { PLAYGROUND_OPERATIONS } from './operations';

// The API schema portals and the playground see: the composed supergraph without its join directives.
const schema = Supergraph.build(readFileSync(join(__dirname, '..', '..', 'supergraph.graphql'), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema();

const operationsOf = (query: string) =>
  parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

describe('the playground’s saved examples', () => {
  it.each(PLAYGROUND_EXAMPLES.map((e) => [e.title, e] as const))(
    '%s: valid against the supergraph, with variables each of its operations accepts',
    (_title, example) => {
      expect(validate(schema, parse(example.query)).map((e) => e.message)).toEqual([]);
      for (const operation of operationsOf(example.query)) {
        expect(operation.name).toBeDefined();
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], example.variables);
        expect(coerced.errors?.map((e) => `${operation.name!.value}: ${e.message}`)).toBeUndefined();
      }
      expect(Object.keys(example.headers)).toEqual(['x-kezek-portal']);
    },
  );

  it('answer the operators’ questions: Almaty 2022 statistics with the replica’s source and lag, open statistics, seats, calendar, grants', () => {
    const fields = PLAYGROUND_EXAMPLES.flatMap((e) =>
      operationsOf(e.query).flatMap((o) =>
        o.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])),
      ),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'queueStatistics',
        'openQueueStatistics',
        'publishSeats',
        'workingCalendar',
        'setHoliday',
        'roleGrants',
        'grantRole',
      ]),
    );
    const almaty = PLAYGROUND_EXAMPLES.find((e) => /queueStatistics\(/.test(e.query))!;
    expect(almaty).toMatchObject({
      variables: { regionId: 'almaty', groupYear: 2022 },
      headers: { 'x-kezek-portal': 'almaty' },
    });
    expect(almaty.query).toMatch(/\bsource\b[\s\S]*\blagSeconds\b[\s\S]*\bwaitingDaysMedian\b/);
  });

  it.each(Object.entries(PLAYGROUND_OPERATIONS))(
    'the page’s own %s is valid against the supergraph',
    (_name, query) => {
      expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
    },
  );
});

describe('the playground’s CSP', () => {
  const directives = (csp: string) =>
    Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('lets the page reach the gateway and the one NCALayer origin configured, nothing else', () => {
    expect(directives(playgroundCsp('wss://127.0.0.1:13579'))).toMatchObject({
      'default-src': ["'self'"],
      'connect-src': ["'self'", 'wss://127.0.0.1:13579'],
      'frame-ancestors': ["'none'"],
    });
    // The emulator under `npm start` speaks plain ws; a path in the setting does not widen the origin.
    expect(directives(playgroundCsp('ws://127.0.0.1:13579/ignored'))['connect-src']).toEqual([
      "'self'",
      'ws://127.0.0.1:13579',
    ]);
  });
});

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import gql from 'graphql-tag';
import { Pool } from 'pg';
import { DEFAULT_PORTALS } from '@kezek/portals';

/**
 * graph.bench.ts's yardstick: a bare `@apollo/server` + `@apollo/subgraph` answering `regions`
 * with the SQL TypeORM sends for the vacancies subgraph, from the same database. Prints its URL.
 */
async function main() {
  const dbUrl = process.env.DATABASE_URL!;
  const portal = process.env.PORTAL!;
  const pool = new Pool({ connectionString: dbUrl, max: 10 });
  const regionIds = DEFAULT_PORTALS.find((p) => p.id === portal)!.regionIds;
  const server = new ApolloServer({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs: gql`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Region @key(fields: "id") {
          id: ID!
          nameKk: String!
          nameRu: String!
        }
        type Query {
          regions: [Region!]!
        }
      `,
      resolvers: {
        Query: {
          regions: async () =>
            (
              await pool.query(
                `SELECT id, name_kk AS "nameKk", name_ru AS "nameRu" FROM vacancies.region WHERE id = ANY($1) ORDER BY name_ru ASC`,
                [regionIds],
              )
            ).rows,
        },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.stdout.write(`${url}\n`);
  process.once(
    'SIGTERM',
    () =>
      void server
        .stop()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

void main();

// PostGraphile 5 over the benchmark database, with production settings: no GraphiQL, no watch
// mode, no plan/SQL explain, and a read-only role. bench/run.sh starts it with
// BENCH_DATABASE_URL, BENCH_POOL_SIZE and BENCH_PG_PORT set.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const poolSize = Number(process.env.BENCH_POOL_SIZE ?? "32");

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  // Let every column be used in orderBy/condition (PostGraphile 4's default), not only the first
  // columns of indexes: first_published_at and status are covered by a partial index only.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [
    makePgService({
      connectionString: process.env.BENCH_DATABASE_URL,
      schemas: ["public"],
      // Connections stay open like our service's pool (pg-pool closes idle ones after 10 s by
      // default), so the PostgreSQL backends measured for CPU live through a whole run.
      poolConfig: { max: poolSize, idleTimeoutMillis: 0 },
    }),
  ],
  grafserv: {
    port: Number(process.env.BENCH_PG_PORT ?? "18086"),
    host: "127.0.0.1",
    graphiql: false,
    watch: false,
    graphqlPath: "/graphql",
    // Queries over GET too (off by default), as our service answers them: the GET shapes of the
    // benchmark (FrontPageGet, the reader's operations).
    graphqlOverGET: true,
  },
  grafast: {
    explain: false,
  },
  schema: {
    // Relation filters, so statements can be filtered by the countries they concern.
    connectionFilterRelations: true,
  },
};

export default preset;

import { PostgresTeamDatabase } from './postgresTeamDatabase.ts';
import { SqliteTeamDatabase, teamSqliteFile } from './sqliteTeamDatabase.ts';
import { SqlTeamStore, type TeamStore } from './teamStore.ts';

/**
 * The collector's store: PostgreSQL when `databaseUrl` is given (`loupe serve --database`), else
 * the data folder's `team-collector.sqlite`.
 */
export async function openTeamStore(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
  log: (line: string) => void;
}): Promise<TeamStore> {
  if (options.databaseUrl !== undefined)
    return new SqlTeamStore(await PostgresTeamDatabase.open(options.databaseUrl, options.log));
  return new SqlTeamStore(new SqliteTeamDatabase(teamSqliteFile(options.dataDir)));
}

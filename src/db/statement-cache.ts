import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely prepares every query anew, and better-sqlite3 then parses the SQL every time: about
 * 30 µs per statement, a tenth of the CPU of a POST /people with its outbox row. The same few
 * texts recur, so statements are kept by text, least recently used dropped beyond `capacity`.
 * (A cached statement is never used twice at once: better-sqlite3 runs each call to the end
 * synchronously, and the app does not stream query results.)
 */
export function withStatementCache(database: SqliteDatabase, capacity = 200): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        const oldest = statements.size >= capacity ? statements.keys().next().value : undefined;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(sql, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
  };
}

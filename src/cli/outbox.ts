import { ConfigError, loadConfig } from '../config.js';
import { createDb } from '../db/create-db.js';
import { listDeadLetters, redriveDeadLetters } from '../outbox/dead-letters.js';

/**
 * `npm run outbox -- list-dead | redrive <id> | redrive-all`: the admin routes' work from a
 * shell, for when the HTTP port is not reachable. A running dispatcher picks redriven rows up
 * at its next poll.
 */
const USAGE = 'usage: npm run outbox -- list-dead | redrive <id> | redrive-all';

async function run(args: readonly string[]): Promise<number> {
  const [command, id] = args;
  if (command !== 'list-dead' && command !== 'redrive' && command !== 'redrive-all') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'redrive' && !id) {
    process.stderr.write(`redrive needs the id of a dead letter\n${USAGE}\n`);
    return 2;
  }
  const db = createDb(loadConfig().database);
  try {
    if (command === 'list-dead') {
      for (const letter of await listDeadLetters(db, 10_000)) process.stdout.write(`${JSON.stringify(letter)}\n`);
      return 0;
    }
    const redriven = await redriveDeadLetters(db, new Date(), command === 'redrive' ? id : undefined);
    process.stdout.write(`redriven: ${redriven}\n`);
    return command === 'redrive' && redriven === 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`people-api outbox: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
  process.exitCode = 1;
}

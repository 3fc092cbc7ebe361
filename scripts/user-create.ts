/**
 * npm run user:create -- --email ADDRESS --role admin|commissioner|director [--name NAME]
 * The password comes from SUFFICIENCY_PASSWORD or is asked for (not echoed); it is never printed.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { cliActor } from '../db/audit';
import { openDatabase } from '../db/client';
import { createUser, UserError } from '../db/users';
import { envOrExit, parseArgs } from './cli';

const USAGE = 'Usage: npm run user:create -- --email ADDRESS --role admin|commissioner|director [--name NAME]';

function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function main(): Promise<number> {
  const { options } = parseArgs(process.argv.slice(2));
  if (options.help || typeof options.email !== 'string' || typeof options.role !== 'string') {
    console.error(USAGE);
    return options.help ? 0 : 2;
  }
  let password = process.env.SUFFICIENCY_PASSWORD ?? '';
  if (!password) {
    if (!process.stdin.isTTY) {
      console.error('Set SUFFICIENCY_PASSWORD, or run this in a terminal to be asked for the password.');
      return 2;
    }
    password = await askHidden('Password (at least 12 characters): ');
    const again = await askHidden('Password again: ');
    if (password !== again) {
      console.error('The passwords do not match.');
      return 2;
    }
  }
  const db = openDatabase(envOrExit().databasePath);
  try {
    const u = await createUser(
      db,
      { email: options.email, role: options.role as never, name: typeof options.name === 'string' ? options.name : undefined, password },
      cliActor(),
    );
    console.log(`Created ${u.role} ${u.email}.`);
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      console.error(`Not created: ${e.message}.`);
      return 1;
    }
    throw e;
  } finally {
    db.$client.close();
  }
}

main().then((code) => process.exit(code));

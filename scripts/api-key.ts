/**
 * API keys for scripts, from the server's command line (the API keys page does the same for admins):
 *   npm run api-key -- create --name NAME --role admin|commissioner|director
 *   npm run api-key -- list
 *   npm run api-key -- revoke ID
 * `create` prints the key once, on standard output; only its hash is kept.
 */
import { cliActor } from '../db/audit';
import { issueApiKey, revokeApiKey } from '../db/apiKeys';
import { openDatabase } from '../db/client';
import { listApiKeys } from '../db/queries/apiKeys';
import { ApiKeyForm } from '../lib/apiKeys';
import { envOrExit, parseArgs } from './cli';

const USAGE = 'Usage: npm run api-key -- create --name NAME --role admin|commissioner|director | list | revoke ID';

function main(): number {
  const { options, positional } = parseArgs(process.argv.slice(2));
  const [command, arg] = positional;
  const env = envOrExit();
  const db = openDatabase(env.databasePath);
  try {
    if (command === 'create') {
      const parsed = ApiKeyForm.safeParse({ name: options.name, role: options.role });
      if (!parsed.success) {
        console.error(`${parsed.error.issues.map((i) => i.message).join('; ')}\n${USAGE}`);
        return 2;
      }
      const { key, row } = issueApiKey(db.$client, { ...parsed.data, createdBy: cliActor() });
      console.error(`Issued key ${row.id} "${row.name}" (${row.role}). It is printed once, below; keep it secret.`);
      console.log(key);
      return 0;
    }
    if (command === 'list') {
      for (const k of listApiKeys(db)) {
        console.log([k.id, `suf_${k.prefix}_...`, k.role, k.name, k.revokedAt ? `revoked ${k.revokedAt}` : 'active', k.lastUsedAt ?? 'never used'].join('\t'));
      }
      return 0;
    }
    if (command === 'revoke' && arg && /^[1-9]\d*$/.test(arg)) {
      if (!revokeApiKey(db.$client, Number(arg), cliActor())) {
        console.error(`No active key ${arg}.`);
        return 1;
      }
      console.error(`Revoked key ${arg}.`);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    db.$client.close();
  }
}

process.exit(main());

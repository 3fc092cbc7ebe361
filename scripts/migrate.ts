/** Applies the database migrations (also done automatically whenever the app or a CLI opens the database). */
import { openDatabase } from '../db/client';
import { envOrExit } from './cli';

const env = envOrExit();
openDatabase(env.databasePath).$client.close();
console.log(`Database ready: ${env.databasePath}`);

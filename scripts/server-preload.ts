/**
 * Loaded into the server process before Next.js (`node --require`, see scripts/start.ts). On every
 * request it
 * - sets X-Forwarded-For to the one client address resolved from the socket and TRUSTED_PROXIES
 *   (lib/clientAddress.ts), so the sign-in throttle, better-auth's rate limit and the audit trail
 *   never believe an address a client wrote itself;
 * - checks the query string as it arrived (lib/requestParams.ts) and answers 400 to one the app
 *   could not handle. proxy.ts checks again, but Next.js has already re-serialised the query by
 *   then: a `__proto__` key is gone and broken percent-encoding replaced, so only here is the
 *   original seen.
 */
import http from 'node:http';
import { badRequest } from '../lib/badRequest';
import { clientAddressResolver } from '../lib/clientAddress';
import { readEnv } from '../lib/env';
import { checkQuery, decodeFileNameHeader } from '../lib/requestParams';

const resolve = clientAddressResolver(readEnv().trustedProxies);
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithClientAddress(this: http.Server, event: string | symbol, ...args: unknown[]) {
  if (event === 'request') {
    const req = args[0] as http.IncomingMessage;
    const client = resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']);
    if (client) req.headers['x-forwarded-for'] = client;
    else delete req.headers['x-forwarded-for'];
    delete req.headers['x-real-ip'];
    delete req.headers.forwarded;
    const url = req.url ?? '/';
    const at = url.indexOf('?');
    const query = checkQuery(at < 0 ? '' : url.slice(at));
    const declared = req.headers['x-file-name'];
    const fileName = decodeFileNameHeader(Array.isArray(declared) ? (declared[0] ?? null) : (declared ?? null));
    const problem = !query.ok ? query.problem : !fileName.ok ? fileName.problem : null;
    if (problem) {
      const res = args[1] as http.ServerResponse;
      const answer = badRequest(problem, at < 0 ? url : url.slice(0, at), req.headers.accept ?? null);
      void answer.text().then((body) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(body);
      });
      return true;
    }
  }
  return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
} as typeof emit;

/**
 * Loaded into the server process before Next.js (`node --require`, see scripts/start.ts): on every
 * request it sets X-Forwarded-For to the one client address resolved from the socket and
 * TRUSTED_PROXIES (lib/clientAddress.ts), so the sign-in throttle, better-auth's rate limit and
 * the audit trail never believe an address a client wrote itself.
 */
import http from 'node:http';
import { clientAddressResolver } from '../lib/clientAddress';
import { readEnv } from '../lib/env';

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
  }
  return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
} as typeof emit;

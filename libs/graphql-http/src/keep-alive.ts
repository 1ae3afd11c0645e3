import type { Server } from 'node:http';

/** How long an idle connection of a caller is kept: past any caller's pause, and a load balancer's 60 s. */
const KEEP_ALIVE_MS = 65_000;

/**
 * Callers (portals, the gateway, other services) keep connections alive between requests. Node
 * closes an idle one after 5 s, racing a caller that reuses it at that moment (ECONNRESET or "other
 * side closed", seen as no answer at all): idle connections are kept well past any caller's pause.
 */
export function keepCallersAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

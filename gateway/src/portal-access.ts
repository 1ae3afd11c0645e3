import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '@kezek/logging';
import {
  keyAccepted,
  originAllowed,
  originOfAnyPortal,
  PORTAL_HEADER,
  PORTAL_KEY_HEADER,
  Portals,
} from '@kezek/portals';
import { refuseHttp } from './errors';

/** What a portal's page may send: never a portal key (a page cannot keep a secret). */
const ALLOWED_HEADERS = ['content-type', 'authorization', PORTAL_HEADER, REQUEST_ID_HEADER, 'apollo-require-preflight'];

const allowOrigin = (res: ServerResponse, origin: string) => {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
};

/**
 * Portals as tenants at the door of /graphql: a browser page calls only from an origin its portal
 * registered (CORS, answered with that origin, never `*`), and a portal that registered server
 * keys is called with one of them. A request naming no known portal is left to the GraphQL
 * context, which refuses it as UNKNOWN_PORTAL.
 */
export function portalAccess(portals: Portals) {
  // Node's request and response only: the gateway's direct GraphQL path runs it without Express.
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const origin = req.headers.origin;
    const host = req.headers.host;
    // A preflight carries no header values, so no portal: any portal's origin may ask.
    if (req.method === 'OPTIONS') {
      if (!origin || !originOfAnyPortal(portals.all, origin, host))
        return refuseHttp(res, 403, 'FORBIDDEN', 'this origin is registered for no portal');
      allowOrigin(res, origin);
      res.setHeader('access-control-allow-methods', 'GET, POST');
      res.setHeader('access-control-allow-headers', ALLOWED_HEADERS.join(', '));
      res.setHeader('access-control-max-age', '600');
      res.statusCode = 204;
      return void res.end();
    }
    const portal = portals.find(req.headers[PORTAL_HEADER]);
    if (portal && origin && !originAllowed(portal, origin, host))
      return refuseHttp(res, 403, 'FORBIDDEN', `this origin is not registered for portal ${portal.id}`);
    const key = req.headers[PORTAL_KEY_HEADER];
    if (portal && !keyAccepted(portal, typeof key === 'string' ? key : undefined))
      return refuseHttp(res, 401, 'UNAUTHENTICATED', `portal ${portal.id} is called with one of its keys`);
    if (origin) allowOrigin(res, origin);
    next();
  };
}

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express, { NextFunction, Request, Response, Router } from 'express';
import { AccessTokenVerifier, bearerToken, Principal, Role } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { JobList } from '@kezek/jobs';
import { refuseHttp } from './errors';

/** Where the board lives, under the gateway. */
export const OPS_QUEUES_PATH = '/ops/queues';
/** The cookie that carries an ADMIN's access token to the board's own page and API calls. */
const SESSION_COOKIE = 'kezek_ops';

export interface OpsBoardOptions {
  redisUrl: string;
  /** QUEUE_PREFIX of the services: the board reads the same keys. */
  prefix: string;
  verifier: AccessTokenVerifier;
  clock: Clock;
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Bull Board over every job list of every service (libs/jobs JobList), ADMIN only: an operator
 * sees what waits, what is delayed (deadlines), what failed and why, and retries a failed job.
 * A browser page cannot send a Bearer header with its own requests, so an ADMIN first posts their
 * access token to `POST /ops/session`, which keeps it in an HttpOnly cookie for /ops until the
 * token expires. The UI's one outside link (a web font) is dropped: closed networks load nothing
 * from the internet.
 */
export function opsBoard(o: OpsBoardOptions): { router: Router; close: () => Promise<void> } {
  const connection = { url: o.redisUrl, maxRetriesPerRequest: null };
  const queues = Object.values(JobList).map((name) => new Queue(name, { connection, prefix: o.prefix }));
  const serverAdapter = new ExpressAdapter().setBasePath(OPS_QUEUES_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Kezek jobs' } },
  });

  const admin = async (token: string | undefined): Promise<Principal> => {
    if (!token)
      throw new DomainError('UNAUTHENTICATED', 'sign in as an ADMIN (POST /ops/session with the access token)');
    const principal = await o.verifier.verify(token, o.clock.now());
    if (!principal.roles.includes(Role.ADMIN)) throw new DomainError('FORBIDDEN', 'the job board is for ADMINs');
    return principal;
  };
  const guard = (tokenOf: (req: Request) => string | undefined) => (req: Request, res: Response, next: NextFunction) =>
    admin(tokenOf(req)).then(
      () => next(),
      (e: unknown) =>
        e instanceof DomainError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN')
          ? refuseHttp(res, e.code === 'FORBIDDEN' ? 403 : 401, e.code, e.message)
          : next(e),
    );
  const fromHeaderOrCookie = (req: Request) =>
    req.headers.authorization ? bearerToken(req.headers.authorization) : cookie(req, SESSION_COOKIE);

  const router = express.Router();
  router.post('/ops/session', guard(fromHeaderOrCookie), async (req, res) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return refuseHttp(res, 400, 'VALIDATION_FAILED', 'send the access token as "Authorization: Bearer …"');
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/ops',
      maxAge: Math.max(0, exp * 1000 - o.clock.now().getTime()),
    });
    res.status(204).end();
  });
  router.use(OPS_QUEUES_PATH, guard(fromHeaderOrCookie), withoutOutsideLinks, serverAdapter.getRouter());
  return { router, close: () => Promise.all(queues.map((q) => q.close())).then(() => undefined) };
}

/** The board's HTML page without its link to a font CDN (the page falls back to system fonts). */
function withoutOutsideLinks(_req: Request, res: Response, next: NextFunction) {
  const send = res.send.bind(res);
  res.send = (body?: unknown) =>
    send(
      typeof body === 'string' && /^\s*<!doctype html/i.test(body)
        ? body.replace(/<link[^>]+href="https?:\/\/[^"]*"[^>]*>/gi, '')
        : body,
    );
  next();
}

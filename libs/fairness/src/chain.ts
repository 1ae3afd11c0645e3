import { createHash } from 'node:crypto';

/** The `prevHash` of a portal's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export enum LogEntryKind {
  /** A decision that changed a child's standing: filing, referral, revocation, expiry (stop-list), removal… */
  DECISION = 'DECISION',
  /** Seats published: the children the round picked in allocation order and those it offered. */
  ROUND_OPENED = 'ROUND_OPENED',
  /** A round's window ended: its offered children who chose nothing are back in the queue. */
  ROUND_CLOSED = 'ROUND_CLOSED',
}

/** A child as the allocation order sees it, under its pseudonym: what replay needs and nothing more. */
export interface ChildFacts {
  pseudonym: string;
  areaId: string;
  groupYear: number;
  /** The filing instant, UTC with microseconds, fixed width (string order is queue order, R5). */
  filedAt: string;
  /** YYYY-MM-DD: R8's age check. */
  birthDate: string;
  privilege: string;
  status: string;
  /** ISO instant, or null when not on the stop-list. */
  onStopListUntil: string | null;
}

export interface DecisionBody {
  /** The history action (FILED, WITHDRAWN, REFERRAL_REVOKED, REFERRAL_EXPIRED, PRIVILEGE_REFUSED, REMOVED…). */
  action: string;
  /** The child's facts after the decision. */
  child: ChildFacts;
}

export interface RoundOpenedBody {
  roundId: string;
  areaIds: string[];
  groupYear: number;
  seats: number;
  /** Seats vacancies held for the round: how many children it may offer to. */
  held: number;
  /** The instant the order was computed at (R8's age and stop-list checks). */
  publishedAt: string;
  /** The portal policy in force. */
  policy: unknown;
  /** The chain's last seq before the round read the queue; the order was computed on a state in [asOf, seq-1]. */
  asOf: number;
  /** The first `held` children in allocation order. */
  picked: string[];
  /** Those offered, in place order (place = index + 1): the picked ones still in the queue when offered. */
  offered: string[];
}

export interface RoundClosedBody {
  roundId: string;
  lapsed: string[];
}

export type LogBody = DecisionBody | RoundOpenedBody | RoundClosedBody;

export interface LogEntry {
  portalId: string;
  /** 1, 2, 3… per portal: one chain per portal. */
  seq: number;
  /** ISO instant of the append; never earlier than the previous entry's. */
  at: string;
  kind: LogEntryKind;
  body: LogBody;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the bytes hashed do not depend on storage (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
    .join(',')}}`;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 of everything an entry says, its predecessor's hash included. */
export function entryHash(e: Omit<LogEntry, 'hash'>): string {
  const { portalId, seq, at, kind, body, prevHash } = e;
  return sha256Hex(canonicalJson({ portalId, seq, at, kind, body, prevHash }));
}

/** The next entry of a chain whose last entry is `head` (null: an empty chain). */
export function chainEntry(
  head: { seq: number; hash: string } | null,
  entry: Pick<LogEntry, 'portalId' | 'at' | 'kind' | 'body'>,
): LogEntry {
  const unhashed = { ...entry, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: entryHash(unhashed) };
}

export type ChainProblemKind = 'BAD_HASH' | 'BROKEN_LINK' | 'SEQ_GAP' | 'OTHER_PORTAL';

export interface ChainProblem {
  seq: number;
  problem: ChainProblemKind;
}

/**
 * Every way `entries` (consecutive, from `after` on: the entry before the first, or null from the
 * start) fail to be one portal's untouched chain: an entry whose hash is not its content's (edited),
 * a link to a predecessor that is not the one before it (edited and re-hashed, reordered, dropped),
 * a seq out of step (dropped, reordered).
 */
export function verifyChain(
  entries: readonly LogEntry[],
  after: { seq: number; hash: string } | null = null,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = after;
  const portal = entries[0]?.portalId;
  for (const e of entries) {
    if (e.portalId !== portal) problems.push({ seq: e.seq, problem: 'OTHER_PORTAL' });
    if (entryHash(e) !== e.hash) problems.push({ seq: e.seq, problem: 'BAD_HASH' });
    if (e.seq !== (prev?.seq ?? 0) + 1) problems.push({ seq: e.seq, problem: 'SEQ_GAP' });
    if (e.prevHash !== (prev?.hash ?? GENESIS_HASH)) problems.push({ seq: e.seq, problem: 'BROKEN_LINK' });
    prev = e;
  }
  return problems;
}

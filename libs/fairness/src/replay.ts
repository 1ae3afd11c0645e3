import {
  ChainProblem,
  ChildFacts,
  DecisionBody,
  LogEntry,
  LogEntryKind,
  RoundClosedBody,
  RoundOpenedBody,
  verifyChain,
} from './chain';

/**
 * The allocation-order function (the queue's `allocationOrder`, R7/R8) as replay calls it: the
 * children of the round's areas and group year as the log states them, the round's instant, the
 * policy the round logged. Replay never orders children itself.
 */
export type OrderFunction = (children: ChildFacts[], at: Date, policy: unknown) => ChildFacts[];

/** The statuses replay sets itself from round entries (the queue's NOTIFIED and IN_QUEUE). */
export interface ReplayStatuses {
  inQueue: string;
  notified: string;
}

export interface RoundDifference {
  seq: number;
  roundId: string;
  /** What the order function gives on the logged state (the state nearest the round's append). */
  recomputed: string[];
  /** What the log says the round picked and offered. */
  picked: string[];
  offered: string[];
  reason: 'ORDER_DIFFERS' | 'OFFERED_DIFFERS';
}

export interface ReplayReport {
  entries: number;
  rounds: number;
  /** Rounds in the report's window whose recomputed offers match the log. */
  reproduced: number;
  chain: ChainProblem[];
  differing: RoundDifference[];
}

interface Undo {
  seq: number;
  pseudonym: string;
  previous: ChildFacts | undefined;
}

/**
 * Re-runs every round of a portal's log from the log alone: the state of each child is the facts
 * its last decision logged, changed by the rounds (offered → notified) and their closings (lapsed →
 * in the queue). A round read the queue at some state between its `asOf` and its own append
 * (decisions committed meanwhile are ordered before it in the chain), so the order is recomputed
 * on each of those states, nearest first; it must equal the logged `picked` on one of them, and
 * the logged `offered` must be exactly the picked children still in the queue just before the
 * round's append. `entries` are the chain from seq 1 (state needs the whole history); only rounds
 * appended within `window` (ISO instants, inclusive) are judged. The chain is verified too.
 */
export function replayLog(
  entries: readonly LogEntry[],
  order: OrderFunction,
  statuses: ReplayStatuses,
  window: { from?: string; to?: string } = {},
): ReplayReport {
  const state = new Map<string, ChildFacts>();
  const undo: Undo[] = [];
  const report: ReplayReport = {
    entries: entries.length,
    rounds: 0,
    reproduced: 0,
    chain: verifyChain(entries),
    differing: [],
  };
  const set = (seq: number, child: ChildFacts) => {
    undo.push({ seq, pseudonym: child.pseudonym, previous: state.get(child.pseudonym) });
    state.set(child.pseudonym, child);
  };
  for (const e of entries) {
    if (e.kind === LogEntryKind.DECISION) set(e.seq, (e.body as DecisionBody).child);
    else if (e.kind === LogEntryKind.ROUND_CLOSED) {
      for (const p of (e.body as RoundClosedBody).lapsed) {
        const child = state.get(p);
        if (child?.status === statuses.notified) set(e.seq, { ...child, status: statuses.inQueue });
      }
    } else {
      const round = e.body as RoundOpenedBody;
      const judged = (!window.from || e.at >= window.from) && (!window.to || e.at <= window.to);
      if (judged) {
        report.rounds++;
        const difference = judgeRound(e.seq, round, state, undo, order, statuses);
        if (difference) report.differing.push(difference);
        else report.reproduced++;
      }
      for (const p of round.offered) {
        const child = state.get(p);
        if (child) set(e.seq, { ...child, status: statuses.notified });
      }
    }
  }
  return report;
}

function judgeRound(
  seq: number,
  round: RoundOpenedBody,
  state: Map<string, ChildFacts>,
  undo: readonly Undo[],
  order: OrderFunction,
  statuses: ReplayStatuses,
): RoundDifference | null {
  const at = new Date(round.publishedAt);
  const inRound = (c: ChildFacts) => c.groupYear === round.groupYear && round.areaIds.includes(c.areaId);
  const picked = round.picked.join('|');
  // The state at seq - 1 first, then undo the entries after asOf one by one.
  const view = new Map([...state].filter(([, c]) => inRound(c)));
  let nearest: string[] | null = null;
  let matched = false;
  for (let u = undo.length; ;) {
    const recomputed = order([...view.values()], at, round.policy)
      .slice(0, round.held)
      .map((c) => c.pseudonym);
    nearest ??= recomputed;
    if (recomputed.join('|') === picked) {
      matched = true;
      break;
    }
    // Step back over the changes of the latest seq still above asOf.
    if (u === 0 || undo[u - 1].seq <= round.asOf) break;
    const stepSeq = undo[u - 1].seq;
    while (u > 0 && undo[u - 1].seq === stepSeq) {
      const { pseudonym, previous } = undo[--u];
      if (previous && inRound(previous)) view.set(pseudonym, previous);
      else view.delete(pseudonym);
    }
  }
  const base = { seq, roundId: round.roundId, recomputed: nearest!, picked: round.picked, offered: round.offered };
  if (!matched) return { ...base, reason: 'ORDER_DIFFERS' };
  // A match means every picked child is one the log knows (the order only returns those).
  const stillQueued = round.picked.filter((p) => state.get(p)!.status === statuses.inQueue);
  return stillQueued.join('|') === round.offered.join('|') ? null : { ...base, reason: 'OFFERED_DIFFERS' };
}

/** "I was offered in round N at place K": the place of `pseudonym` among a round entry's offers, or null. */
export function placeInRound(entry: LogEntry, pseudonym: string): number | null {
  if (entry.kind !== LogEntryKind.ROUND_OPENED) return null;
  const k = (entry.body as RoundOpenedBody).offered.indexOf(pseudonym);
  return k < 0 ? null : k + 1;
}

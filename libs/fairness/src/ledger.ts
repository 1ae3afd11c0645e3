/** One child ahead entering (+1) or leaving (-1) the counted part of the queue, and why. */
export interface PositionEvent {
  /** ISO instant. */
  at: string;
  delta: 1 | -1;
  /** The kind of event, never the child. */
  cause: string;
}

/** A change of a position: `count` events of one cause at one instant moved it `from` → `to`. */
export interface PositionChange {
  at: string;
  from: number;
  to: number;
  cause: string;
  count: number;
}

/**
 * The ledger of a position that is `current` now, from the events that moved it (in the order
 * they happened): events of one cause at one instant are one change. Built backwards from
 * `current`, so each change's `to` is the next one's `from` and the changes between any two
 * positions add up to their difference.
 */
export function positionLedger(events: readonly PositionEvent[], current: number): PositionChange[] {
  const groups: Array<{ at: string; cause: string; delta: number; count: number }> = [];
  for (const e of events) {
    const last = groups[groups.length - 1];
    if (last && last.at === e.at && last.cause === e.cause && Math.sign(last.delta) === e.delta) {
      last.delta += e.delta;
      last.count++;
    } else groups.push({ at: e.at, cause: e.cause, delta: e.delta, count: 1 });
  }
  const changes: PositionChange[] = new Array(groups.length);
  let to = current;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    changes[i] = { at: g.at, from: to - g.delta, to, cause: g.cause, count: g.count };
    to -= g.delta;
  }
  return changes;
}

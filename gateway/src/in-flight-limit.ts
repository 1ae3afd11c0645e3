/**
 * At most `limit` calls of `fn` at a time; the others wait in order. The gateway's subgraph
 * fetcher opens a socket per request in flight (no cap): a thousand parents at once made a
 * thousand connections to one subgraph, whose listen backlog dropped them, and the gateway
 * answered INTERNAL_SERVER_ERROR where the subgraph would have answered in turn.
 */
export function inFlightLimit<A extends unknown[], R>(limit: number, fn: (...args: A) => Promise<R>) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (...args: A): Promise<R> => {
    if (running >= limit) await new Promise<void>((turn) => waiting.push(turn));
    else running++;
    try {
      return await fn(...args);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

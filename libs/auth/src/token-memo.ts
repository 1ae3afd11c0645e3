/**
 * Tokens remembered for part of their life, by the injected clock: a signer keeps the token it
 * minted for an audience for the first half of its life instead of signing one per call, and a
 * verifier keeps what a byte-identical token was verified to say for the window every check of
 * it accepts (never wider). Each costs a JWT signing or verification per request otherwise, at
 * the gateway and at every service a request reaches (race profile).
 */
export class TokenMemo<T> {
  private readonly kept = new Map<string, { from: number; until: number; value: T }>();

  constructor(private readonly capacity: number) {}

  /** The value kept under `key` if `now` is inside its window; anything outside it is looked at afresh. */
  get(key: string, now: Date): T | undefined {
    const kept = this.kept.get(key);
    const t = now.getTime();
    return kept && t >= kept.from && t < kept.until ? kept.value : undefined;
  }

  /** Keeps `value` under `key` for `from` ≤ now < `until` (epoch ms); the oldest entry makes room. */
  keep(key: string, value: T, from: number, until: number): T {
    if (!this.kept.has(key) && this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, { from, until, value });
    return value;
  }
}

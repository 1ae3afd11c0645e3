import { X509Certificate } from '@peculiar/x509';

/**
 * A map that keeps the `capacity` most recently used entries, for what is immutable but keyed by
 * input (a certificate by its bytes, a chain by its leaf): verification reuses it, and a flood of
 * distinct inputs only evicts.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Re-inserting moves the entry to the end: the first key is always the least recently used.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * `compute` once per certificate object. @peculiar/x509 re-decodes extensions and the public key on
 * every access, and a certificate never changes, so what is read from it is read once; the entry
 * goes with the object.
 */
export function perCertificate<T>(compute: (cert: X509Certificate) => T): (cert: X509Certificate) => T {
  const memo = new WeakMap<X509Certificate, T>();
  return (cert) => {
    if (memo.has(cert)) return memo.get(cert) as T;
    const value = compute(cert);
    memo.set(cert, value);
    return value;
  };
}

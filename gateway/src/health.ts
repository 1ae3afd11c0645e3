/** Readiness of the gateway: every subgraph answers its own readiness check. */
export async function subgraphHealth(
  urls: Record<string, string>,
  timeoutMs = 1500,
): Promise<{ ok: boolean; subgraphs: Record<string, 'up' | 'down'> }> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const health = new URL('/health/ready', url);
      try {
        const res = await fetch(health, { signal: AbortSignal.timeout(timeoutMs) });
        return [name, res.ok ? 'up' : 'down'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  return { ok: entries.every(([, s]) => s === 'up'), subgraphs: Object.fromEntries(entries) };
}

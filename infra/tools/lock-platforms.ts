import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The registry mirror our machines and CI reach lacks some other platforms' optional binaries
 * (e.g. @swc/core-darwin-arm64). `npm install` skips them silently and leaves them out of the
 * lock, and `npm ci` then refuses the lock as out of sync. This writes the missing entries with
 * the os/cpu their names carry, so `npm ci` skips them as foreign-platform optionals without
 * fetching them. Run after `npm install` changes the lock: `npm run lock:platforms`.
 */
const OSES = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64', 'wasm32'];

interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
}

/** os and cpu of a platform package from its name (`@swc/core-win32-arm64-msvc` → win32, arm64). */
export function platformOf(name: string): { os: string; cpu: string } | null {
  const parts = name.split('/').pop()!.split('-');
  const os = OSES.find((o) => parts.includes(o));
  const cpu = CPUS.find((c) => parts.includes(c));
  return os && cpu ? { os, cpu } : null;
}

/** Adds lock entries for optional platform packages the lock lacks; returns the names added. */
export function addMissingPlatformEntries(packages: Record<string, LockEntry>): string[] {
  const added: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      // npm resolves a dependency from the nearest node_modules up the tree.
      const candidates: string[] = [];
      for (let at = path; ; at = at.slice(0, Math.max(at.lastIndexOf('/node_modules/'), 0))) {
        candidates.push(`${at ? `${at}/` : ''}node_modules/${name}`);
        if (!at) break;
      }
      if (candidates.some((c) => packages[c])) continue;
      const platform = platformOf(name);
      if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue; // only exact versions of platform builds
      packages[`node_modules/${name}`] = { version, cpu: [platform.cpu], optional: true, os: [platform.os] };
      added.push(`${name}@${version}`);
    }
  }
  return added;
}

if (require.main === module) {
  const file = join(__dirname, '..', '..', 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  const added = addMissingPlatformEntries(lock.packages);
  const { '': root, ...rest } = lock.packages;
  lock.packages = {
    '': root,
    ...Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b, 'en'))),
  };
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(
    added.length
      ? `added ${added.length} platform entries:\n  ${added.join('\n  ')}\n`
      : 'the lock already has every platform entry\n',
  );
}

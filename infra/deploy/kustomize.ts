import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Enough of `kubectl kustomize` to test infra/k8s without kubectl: resources, components,
 * literal configMapGenerators, strategic-merge patches, namespace, namePrefix, labels, images
 * and replacements, applied in kustomize's order. Generated names get no hash suffix. Anything
 * else in a kustomization is an error, so a new feature there means extending this first
 * (deploy.spec.ts compares the result with kubectl's wherever kubectl is installed).
 */

export type JsonObject = Record<string, unknown>;

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every YAML document of a file; a syntax error throws with the file's name. */
export function readYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const list = Array.isArray(docs) ? docs : [docs];
  const errors = list.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) throw new Error(`${file}: ${errors.join('; ')}`);
  return list.map((d) => d.toJS() as unknown).filter((d) => d !== null && d !== undefined);
}

export function kustomizationFile(dir: string): string {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((f) => join(dir, f)).find(existsSync);
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  return file;
}

interface Patch {
  path: string;
  target?: { kind?: string; name?: string; labelSelector?: string };
}

interface Replacement {
  source: { kind: string; name: string; fieldPath?: string };
  targets: Array<{
    select: { kind: string; name?: string };
    fieldPaths: string[];
    options?: { delimiter?: string; index?: number; create?: boolean };
  }>;
}

export interface Kustomization {
  apiVersion: string;
  kind: 'Kustomization' | 'Component';
  resources?: string[];
  components?: string[];
  namespace?: string;
  namePrefix?: string;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  configMapGenerator?: Array<{ name: string; behavior?: 'create' | 'merge' | 'replace'; literals: string[] }>;
  patches?: Patch[];
  replacements?: Replacement[];
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'components',
  'namespace',
  'namePrefix',
  'labels',
  'configMapGenerator',
  'patches',
  'replacements',
  'images',
]);

export function readKustomization(dir: string): Kustomization {
  const file = kustomizationFile(dir);
  const [doc] = readYamlDocuments(file);
  if (!isObject(doc)) throw new Error(`${file}: not a mapping`);
  const unknown = Object.keys(doc).filter((k) => !SUPPORTED.has(k));
  if (unknown.length) throw new Error(`${file}: ${unknown.join(', ')} not understood by infra/deploy/kustomize.ts`);
  const k = doc as unknown as Kustomization;
  for (const g of k.configMapGenerator ?? []) {
    const extra = Object.keys(g).filter((key) => !['name', 'behavior', 'literals'].includes(key));
    if (extra.length) throw new Error(`${file}: configMapGenerator ${g.name}: ${extra.join(', ')} not understood`);
  }
  for (const p of k.patches ?? []) if (!p.path) throw new Error(`${file}: only patches with a path are understood`);
  return k;
}

/** Renders the kustomization in `dir` like `kubectl kustomize dir` (without hash suffixes). */
export function kustomize(dir: string): Manifest[] {
  return build(resolve(dir), [], 'Kustomization');
}

// kustomize's order: resources, generators, components, then the transformers (patches,
// namespace, prefix, labels, images, replacements). A component works on what its parent has
// accumulated so far; a resource directory is built on its own.
function build(dir: string, accumulated: Manifest[], expected: Kustomization['kind']): Manifest[] {
  const k = readKustomization(dir);
  if (k.kind !== expected)
    throw new Error(`${dir}: a ${k.kind ?? 'kustomization without kind'} where a ${expected} is expected`);
  const all = accumulated;
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${dir}: resource ${entry} does not exist`);
    all.push(...(statSync(path).isDirectory() ? build(path, [], 'Kustomization') : readManifests(path)));
  }
  for (const g of k.configMapGenerator ?? []) generate(all, g, dir);
  for (const c of k.components ?? []) build(resolve(dir, c), all, 'Component');
  for (const p of k.patches ?? []) patch(all, p, dir);
  if (k.namespace) for (const m of all) if (m.kind !== 'Namespace') m.metadata.namespace = k.namespace;
  if (k.namePrefix) prefix(all, k.namePrefix);
  for (const l of k.labels ?? []) label(all, l.pairs, l.includeSelectors ?? false, l.includeTemplates ?? false);
  for (const i of k.images ?? []) image(all, i);
  for (const r of k.replacements ?? []) replace(all, r, dir);
  return all;
}

function readManifests(file: string): Manifest[] {
  return readYamlDocuments(file).map((doc) => {
    if (
      !isObject(doc) ||
      typeof doc.kind !== 'string' ||
      !isObject(doc.metadata) ||
      typeof doc.metadata.name !== 'string'
    ) {
      throw new Error(`${file}: a document without kind or metadata.name`);
    }
    return doc as unknown as Manifest;
  });
}

function generate(all: Manifest[], g: NonNullable<Kustomization['configMapGenerator']>[number], dir: string) {
  const data = Object.fromEntries(
    g.literals.map((l) => {
      const at = l.indexOf('=');
      if (at < 1) throw new Error(`${dir}: literal ${l} is not KEY=value`);
      return [l.slice(0, at), l.slice(at + 1)];
    }),
  );
  const existing = all.find((m) => m.kind === 'ConfigMap' && m.metadata.name === g.name);
  const behavior = g.behavior ?? 'create';
  if (behavior === 'create') {
    if (existing) throw new Error(`${dir}: ConfigMap ${g.name} already exists (behavior: merge?)`);
    all.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data });
    return;
  }
  if (!existing) throw new Error(`${dir}: ConfigMap ${g.name} to ${behavior} does not exist`);
  existing.data = behavior === 'merge' ? { ...(existing.data as JsonObject | undefined), ...data } : data;
}

function patch(all: Manifest[], p: Patch, dir: string) {
  const docs = readManifests(resolve(dir, p.path));
  if (docs.length !== 1) throw new Error(`${dir}: patch ${p.path} must hold one document`);
  const body = docs[0];
  const targets = all.filter((m) =>
    p.target
      ? matches(p.target.kind, m.kind) &&
        matches(p.target.name, m.metadata.name) &&
        selects(p.target.labelSelector, m.metadata.labels ?? {})
      : m.kind === body.kind && m.metadata.name === body.metadata.name,
  );
  // Stricter than kustomize, which skips a target that matches nothing: here that is a typo.
  if (targets.length === 0) throw new Error(`${dir}: patch ${p.path} matches nothing`);
  const {
    apiVersion: _v,
    kind: _k,
    metadata: { name: _n, ...metadata },
    ...rest
  } = body;
  for (const t of targets) merge(t as JsonObject, { metadata, ...rest });
}

const matches = (pattern: string | undefined, value: string) =>
  pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value);

function selects(selector: string | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=').map((s) => s.trim());
    return labels[key] === value;
  });
}

/** Strategic merge as far as these manifests need it: lists of named items merge by name. */
function merge(target: JsonObject, patchBody: JsonObject) {
  for (const [key, value] of Object.entries(patchBody)) {
    if (key.startsWith('$')) throw new Error(`patch directive ${key} not understood by infra/deploy/kustomize.ts`);
    const current = target[key];
    if (value === null) delete target[key];
    else if (isObject(value) && isObject(current)) merge(current, value);
    else if (
      Array.isArray(value) &&
      Array.isArray(current) &&
      [...value, ...current].every((i) => isObject(i) && typeof i.name === 'string')
    ) {
      for (const item of value as JsonObject[]) {
        const same = (current as JsonObject[]).find((c) => c.name === item.name);
        if (same) merge(same, item);
        else current.push(structuredClone(item));
      }
    } else target[key] = structuredClone(value);
  }
}

function podSpecs(m: Manifest): JsonObject[] {
  const template = isObject(m.spec) && isObject(m.spec.template) ? m.spec.template : undefined;
  return template && isObject(template.spec) ? [template.spec] : [];
}

function containersOf(m: Manifest): JsonObject[] {
  return podSpecs(m).flatMap((s) => [
    ...((s.initContainers as JsonObject[]) ?? []),
    ...((s.containers as JsonObject[]) ?? []),
  ]);
}

/** Renames every resource and the references to it (ConfigMaps, Secrets, an HPA's target). */
function prefix(all: Manifest[], p: string) {
  const renamed = new Map<string, string>(); // `${kind}/${old}` -> new
  for (const m of all) {
    renamed.set(`${m.kind}/${m.metadata.name}`, `${p}${m.metadata.name}`);
    m.metadata.name = `${p}${m.metadata.name}`;
  }
  const ref = (kind: string, holder: unknown, key = 'name') => {
    const name = isObject(holder) ? holder[key] : undefined;
    if (typeof name === 'string' && renamed.has(`${kind}/${name}`))
      (holder as JsonObject)[key] = renamed.get(`${kind}/${name}`);
  };
  for (const m of all) {
    for (const c of containersOf(m)) {
      for (const e of (c.envFrom as JsonObject[]) ?? []) {
        ref('ConfigMap', e.configMapRef as JsonObject);
        ref('Secret', e.secretRef as JsonObject);
      }
      for (const e of (c.env as JsonObject[]) ?? []) {
        const from = e.valueFrom as JsonObject | undefined;
        ref('ConfigMap', from?.configMapKeyRef as JsonObject);
        ref('Secret', from?.secretKeyRef as JsonObject);
      }
    }
    for (const s of podSpecs(m)) {
      for (const v of (s.volumes as JsonObject[]) ?? []) {
        ref('ConfigMap', v.configMap as JsonObject);
        ref('Secret', v.secret as JsonObject, 'secretName');
      }
    }
    if (m.kind === 'HorizontalPodAutoscaler' && isObject(m.spec) && isObject(m.spec.scaleTargetRef)) {
      ref(String(m.spec.scaleTargetRef.kind), m.spec.scaleTargetRef);
    }
  }
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function label(all: Manifest[], pairs: Record<string, string>, selectors: boolean, templates: boolean) {
  const add = (holder: JsonObject, key: string) => {
    holder[key] = { ...((holder[key] as JsonObject) ?? {}), ...pairs };
  };
  for (const m of all) {
    m.metadata.labels = { ...(m.metadata.labels ?? {}), ...pairs };
    const spec = m.spec as JsonObject | undefined;
    if (!spec) continue;
    const template = spec.template as JsonObject | undefined;
    if ((selectors || templates) && template && (WORKLOADS.has(m.kind) || m.kind === 'Job'))
      add((template.metadata ??= {}) as JsonObject, 'labels');
    if (!selectors) continue;
    if (WORKLOADS.has(m.kind) || m.kind === 'PodDisruptionBudget')
      add((spec.selector ??= {}) as JsonObject, 'matchLabels');
    if (m.kind === 'Service') add(spec, 'selector');
  }
}

function image(all: Manifest[], i: NonNullable<Kustomization['images']>[number]) {
  for (const c of all.flatMap(containersOf)) {
    const [name, tag] = String(c.image).split(/:(?=[^/]*$)/);
    if (name !== i.name) continue;
    const newTag = i.newTag ?? tag;
    c.image = `${i.newName ?? name}${newTag ? `:${newTag}` : ''}`;
  }
}

/** `a.b.[name=x].0` -> ['a', 'b', '[name=x]', '0'] (a bracketed segment may hold dots). */
const segments = (path: string) => path.match(/\[[^\]]*\]|[^.]+/g) ?? [];

function step(node: unknown, segment: string): unknown {
  const selector = /^\[(.+?)=(.*)\]$/.exec(segment);
  if (selector)
    return Array.isArray(node) ? node.find((i) => isObject(i) && String(i[selector[1]]) === selector[2]) : undefined;
  if (/^\d+$/.test(segment) && Array.isArray(node)) return node[Number(segment)];
  const key = /^\[(.+)\]$/.exec(segment)?.[1] ?? segment;
  return isObject(node) ? node[key] : undefined;
}

function replace(all: Manifest[], r: Replacement, dir: string) {
  const sources = all.filter((m) => m.kind === r.source.kind && m.metadata.name === r.source.name);
  if (sources.length !== 1)
    throw new Error(`${dir}: replacement source ${r.source.kind}/${r.source.name} found ${sources.length} times`);
  const value = segments(r.source.fieldPath ?? 'metadata.name').reduce<unknown>(step, sources[0]);
  if (value === undefined)
    throw new Error(`${dir}: replacement source ${r.source.kind}/${r.source.name} has no ${r.source.fieldPath}`);
  for (const t of r.targets) {
    const selected = all.filter(
      (m) => m.kind === t.select.kind && (t.select.name === undefined || m.metadata.name === t.select.name),
    );
    if (selected.length === 0)
      throw new Error(`${dir}: replacement target ${t.select.kind}/${t.select.name ?? '*'} matches nothing`);
    for (const m of selected) {
      for (const fieldPath of t.fieldPaths) {
        const path = segments(fieldPath);
        const parent = path.slice(0, -1).reduce<unknown>(step, m);
        const last = path[path.length - 1];
        const key = Array.isArray(parent) ? Number(last) : (/^\[(.+)\]$/.exec(last)?.[1] ?? last);
        const holder = parent as Record<string | number, unknown> | undefined;
        if (!holder || (!(key in holder) && !t.options?.create))
          throw new Error(`${dir}: ${m.kind}/${m.metadata.name} has no ${fieldPath}`);
        const old = holder[key];
        let next = value;
        if (t.options?.delimiter !== undefined) {
          const parts = String(old).split(t.options.delimiter);
          parts[t.options.index ?? 0] = String(value);
          next = parts.join(t.options.delimiter);
        } else if (typeof old === 'number' && typeof value === 'string' && /^\d+$/.test(value)) next = Number(value);
        holder[key] = next;
      }
    }
  }
}

/**
 * Strict offline schema validation of rendered objects, like `kubeconform -strict`:
 * - built-in kinds against the Kubernetes 1.28 OpenAPI definitions (`<schemas>/k8s`),
 * - custom resources against their CRD's `openAPIV3Schema` (`<schemas>/crds`),
 * with every object schema closed (`additionalProperties: false`) unless it preserves unknown fields,
 * so a misspelt or pruned field is an error. A CRD's `metadata` is checked against ObjectMeta, and the
 * objects an ACM Policy embeds (its ConfigurationPolicies and their object templates) are validated
 * as objects of their own, with ACM templates tolerated where they resolve to a valid value (see
 * {@link templateProblem}).
 *
 * A KbsConfig annotated with `coco-cdk8s.io/trustee-version` is checked against the CRD of that
 * Trustee generation (`<schemas>/crds/legacy/...`, or the current one for 1.2), because the operator
 * generations differ.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { TRUSTEE_VERSION_ANNOTATION } from '../lib/trustee/annotations';
import { isTrusteeVersion, TrusteeVersion } from '../lib/trustee/versions';

export { TRUSTEE_VERSION_ANNOTATION };

/**
 * KbsConfig CRD folder of the older Red Hat builds of Trustee: the saved upstream trustee-operator schema
 * closest to the Red Hat operator of that build (openshift/trustee-operator tags, lib/trustee/versions.ts).
 * 1.0: upstream v0.5.0, which lacks the token signer fields openshift/trustee-operator v1.0.0 has. Any other
 * supported build (1.2 and newer) is checked against the current schema (upstream v0.21.0), byte-identical
 * to openshift/trustee-operator v1.2.0 `config/crd/bases/confidentialcontainers.org_kbsconfigs.yaml` (no
 * `tdxConfigSpec`), so a new Trustee generation needs no entry here.
 */
const LEGACY_KBSCONFIG_SCHEMAS: Partial<Record<TrusteeVersion, string>> = {
  '0.3': 'legacy/trustee-operator-v0.3.0',
  '0.4': 'legacy/trustee-operator-v0.4.0',
  '1.0': 'legacy/trustee-operator-v0.5.0',
  '1.1': 'legacy/trustee-operator-v0.18.0',
};

type Schema = Record<string, unknown>;

interface ObjectLike {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { annotations?: Record<string, string> };
  [key: string]: unknown;
}

/**
 * Closes every object schema that lists properties and does not preserve unknown fields, and drops
 * keywords whose value is null.
 */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(closeObjects);
    return;
  }
  if (node === null || typeof node !== 'object') {
    return;
  }
  const schema = node as Schema;
  // Some upstream CRDs carry `anyOf: null` and the like, which JSON Schema does not allow.
  for (const [key, value] of Object.entries(schema)) {
    if (value === null && key !== 'default' && key !== 'example') delete schema[key];
  }
  if (schema.properties && schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    schema.additionalProperties = false;
  }
  for (const value of Object.values(schema)) {
    closeObjects(value);
  }
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const keyword of ['x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
    'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations',
    'x-kubernetes-group-version-kind', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-unions']) {
    ajv.addKeyword(keyword);
  }
  return ajv;
}

/** One CRD version's schema, by `group/version/Kind`. */
interface CrdEntry { schema: Schema; namespaced: boolean }
interface CrdFile { readonly text: string; readonly kinds: ReadonlySet<string>; entries?: Map<string, CrdEntry> }

/** The served versions of the CRD in one file, by `group/version/Kind` (empty when it holds no CRD). */
function crdEntries(text: string): Map<string, CrdEntry> {
  const entries = new Map<string, CrdEntry>();
  const crd = YAML.parse(text);
  if (crd?.kind !== 'CustomResourceDefinition') return entries;
  for (const v of crd.spec.versions ?? []) {
    if (!v.served || !v.schema?.openAPIV3Schema) continue;
    const schema = JSON.parse(JSON.stringify(v.schema.openAPIV3Schema));
    closeObjects(schema);
    const props = (schema.properties ?? {}) as Schema;
    props.metadata = { $ref: 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
    delete props.status;
    const key = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
    if (!entries.has(key)) {
      entries.set(key, { schema, namespaced: crd.spec.scope === 'Namespaced' });
    }
  }
  return entries;
}

export class SchemaValidator {
  /** Loads the schema folder; throws when it is missing or incomplete. */
  public static load(dir: string): SchemaValidator {
    const defsFile = path.join(dir, 'k8s', 'v1.28.0-definitions.json');
    if (!fs.existsSync(defsFile)) {
      throw new Error(`Kubernetes definitions not found at ${defsFile}`);
    }
    return new SchemaValidator(dir, JSON.parse(fs.readFileSync(defsFile, 'utf8')).definitions);
  }

  private readonly ajv = newAjv();
  private readonly k8sByGvk = new Map<string, string>();
  private readonly crds = new Map<string, CrdFile[]>();
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(private readonly dir: string, definitions: Record<string, Schema>) {
    for (const [name, def] of Object.entries(definitions)) {
      for (const gvk of (def['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined) ?? []) {
        if (name.endsWith(`.${gvk.kind}`)) {
          this.k8sByGvk.set(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`, name);
        }
      }
    }
    closeObjects(definitions);
    this.ajv.addSchema({ $id: 'k8s', definitions }, 'k8s');
  }

  /**
   * The CRD schema of `apiVersion/Kind` in one folder (relative to `<schemas>/crds`). Files are searched in
   * name order (the first definition wins) and parsed only when their text names the kind: parsing all
   * the CRDs took seconds in every test file that validates.
   */
  private crdEntry(folder: string, gvk: string): CrdEntry | undefined {
    let files = this.crds.get(folder);
    if (!files) {
      const full = path.join(this.dir, 'crds', folder);
      files = fs.readdirSync(full).filter(f => f.endsWith('.yaml')).sort().map(f => {
        const text = fs.readFileSync(path.join(full, f), 'utf8');
        return { text, kinds: new Set([...text.matchAll(/\bkind["']?\s*:\s*["']?([A-Za-z0-9]+)/g)].map(m => m[1])) };
      });
      this.crds.set(folder, files);
    }
    const kind = gvk.slice(gvk.lastIndexOf('/') + 1);
    for (const file of files) {
      if (!file.kinds.has(kind)) continue;
      file.entries ??= crdEntries(file.text);
      const entry = file.entries.get(gvk);
      if (entry) return entry;
    }
    return undefined;
  }

  private validatorFor(obj: ObjectLike): { fn?: ValidateFunction; error?: string } {
    const apiVersion = String(obj.apiVersion ?? '');
    const kind = String(obj.kind ?? '');
    if (!apiVersion || !kind) {
      return { error: 'apiVersion and kind are required' };
    }
    const gvk = `${apiVersion}/${kind}`;
    let folder = '.';
    if (gvk === 'confidentialcontainers.org/v1alpha1/KbsConfig') {
      const version = obj.metadata?.annotations?.[TRUSTEE_VERSION_ANNOTATION];
      if (version !== undefined) {
        if (!isTrusteeVersion(version)) {
          return { error: `no KbsConfig schema for ${TRUSTEE_VERSION_ANNOTATION} "${version}"` };
        }
        folder = LEGACY_KBSCONFIG_SCHEMAS[version] ?? '.';
      }
    }
    const key = `${folder}:${gvk}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      const k8sName = this.k8sByGvk.get(gvk);
      const crd = this.crdEntry(folder, gvk);
      if (k8sName) {
        fn = this.ajv.compile({ $ref: `k8s#/definitions/${k8sName}` });
      } else if (crd) {
        try {
          fn = this.ajv.compile(crd.schema);
        } catch (e) {
          return { error: `the schema of ${kind} (${apiVersion}) cannot be compiled: ${(e as Error).message}` };
        }
      } else {
        return { error: `no schema for ${kind} (${apiVersion}) in ${this.dir}` };
      }
      this.compiled.set(key, fn);
    }
    return { fn };
  }

  /** Problems of one object as `<field path>: <message>` (empty when valid), embedded objects included. */
  public validate(obj: unknown): string[] {
    return this.check(obj, false);
  }

  /**
   * Problems of one object; `embedded` for an object inside an ACM Policy, whose string values may be ACM
   * templates resolved before the object reaches the API server.
   */
  private check(obj: unknown, embedded: boolean): string[] {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      return ['not an object'];
    }
    const o = obj as ObjectLike;
    const { fn, error } = this.validatorFor(o);
    if (error) {
      return [error];
    }
    const errors = fn!(o) ? [] : [...(fn!.errors ?? [])];
    const problems = embedded
      ? errors.flatMap(e => {
        const templated = templateProblem(e, o);
        return templated === undefined ? [formatError(e)] : templated === null ? [] : [templated];
      })
      : errors.map(formatError);
    return [...problems, ...this.embedded(o)];
  }

  /** Validates the objects an ACM Policy or ConfigurationPolicy embeds. */
  private embedded(o: ObjectLike): string[] {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const nested: [string, unknown][] = [];
    if (o.kind === 'Policy' && String(o.apiVersion).startsWith('policy.open-cluster-management.io/')) {
      ((spec['policy-templates'] as { objectDefinition?: unknown }[] | undefined) ?? [])
        .forEach((t, i) => nested.push([`spec.policy-templates[${i}].objectDefinition`, t.objectDefinition]));
    }
    if (o.kind === 'ConfigurationPolicy') {
      ((spec['object-templates'] as { objectDefinition?: unknown }[] | undefined) ?? [])
        .forEach((t, i) => nested.push([`spec.object-templates[${i}].objectDefinition`, t.objectDefinition]));
    }
    return nested.flatMap(([where, inner]) => this.check(inner, true).map(p => `${where}: ${p}`));
  }

  /** Is the kind namespaced, per its CRD (undefined for built-in kinds). */
  public crdNamespaced(apiVersion: string, kind: string): boolean | undefined {
    return this.crdEntry('.', `${apiVersion}/${kind}`)?.namespaced;
  }
}

/** The field path of an error, dotted (`spec.template.metadata`), or `(root)`. */
function fieldPath(e: ErrorObject): string {
  return e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~') : '(root)';
}

/**
 * A string holding an ACM template: `{{ ... }}` (resolved on the managed cluster by the config-policy
 * controller) or `{{hub ... hub}}` (resolved on the hub by the policy propagator).
 */
const TEMPLATE = /\{\{/;

/**
 * The type a template resolves to when go-template-utils removes the quotes around it: a map value that
 * is one template piped to `toInt`, `toBool` or `toLiteral`, or calling `copyConfigMapData` /
 * `copySecretData`, becomes an integer, a boolean, any YAML value, or a map. Every other template
 * stays a string. Source: stolostron/go-template-utils v7.3.0 pkg/templates/templates.go
 * `processForDataTypes` (the regular expression it unquotes with, which matches only `key: '{{ ... }}'`,
 * not list items) and README.md (the function table).
 */
function templateType(value: string, inList: boolean): 'integer' | 'boolean' | 'object' | 'any' | undefined {
  const m = /^\s*\{\{(?:hub)?-?(?:.*\|\s*(toInt|toBool|toLiteral)|.*(copyConfigMapData|copySecretData)).*\}\}\s*$/.exec(value);
  if (!m || inList) return undefined;
  return m[1] === 'toInt' ? 'integer' : m[1] === 'toBool' ? 'boolean' : m[1] === 'toLiteral' ? 'any' : 'object';
}

/** The value at a JSON pointer of the validated object, and whether its parent is a list. */
function valueAt(root: unknown, pointer: string): { value: unknown; inList: boolean } {
  let value = root;
  let inList = false;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    inList = Array.isArray(value);
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return { value, inList };
}

/** Keywords that constrain a string's text, which a template only has once resolved. */
const TEXT_KEYWORDS = new Set(['pattern', 'format', 'enum', 'const', 'minLength', 'maxLength']);

/**
 * How an error about an ACM template in an embedded object is reported: undefined when the value is no
 * template (report the error as usual), null when the template can resolve to a valid value (no
 * problem), else the problem. A template is unknown until resolved, so the checks of its text (pattern,
 * enum, length) are skipped; a field of another type than string needs a template that resolves to that
 * type ({@link templateType}), else the API server gets a string.
 */
function templateProblem(e: ErrorObject, root: unknown): string | null | undefined {
  const { value, inList } = valueAt(root, e.instancePath);
  if (typeof value !== 'string' || !TEMPLATE.test(value)) return undefined;
  if (TEXT_KEYWORDS.has(e.keyword) || e.keyword === 'anyOf' || e.keyword === 'oneOf') return null;
  if (e.keyword !== 'type') return undefined;
  const expected = [(e.params as { type: string | string[] }).type].flat();
  const resolved = templateType(value, inList);
  if (resolved === 'any' || (resolved !== undefined && expected.some(t => t === resolved || (resolved === 'integer' && t === 'number')))) {
    return null;
  }
  const fix = expected.includes('integer') || expected.includes('number') ? '"| toInt"'
    : expected.includes('boolean') ? '"| toBool"' : '"| toLiteral"';
  return `${fieldPath(e)}: must be ${expected.join(' or ')}, got a template that resolves to ${resolved ?? 'a string'}${resolved === undefined && inList ? ' (quotes around a list item are never removed)' : ''}: end it with ${fix} in a map value`;
}

function formatError(e: ErrorObject): string {
  const where = fieldPath(e);
  if (e.keyword === 'additionalProperties') {
    return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === 'enum') {
    return `${where}: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.map(v => JSON.stringify(v)).join(', ')})`;
  }
  return `${where}: ${e.message}`;
}

/** Reads every YAML document under `dir` (recursively), with the file it came from. */
/** One YAML document of a rendered folder, or why a file or document could not be read. */
export interface ManifestEntry {
  readonly file: string;
  readonly obj?: unknown;
  /** One line: why the file or document could not be read (invalid YAML, an alias bomb, unreadable). */
  readonly error?: string;
}

/** The first line of an error message (YAML and fs messages can span lines). */
const firstLine = (e: unknown): string => String((e as Error)?.message ?? e).split('\n')[0];

/**
 * Every YAML document under `dir` (`.yaml`, `.yml`), in a stable order. Never throws for what a file
 * holds: a document YAML cannot parse, one that expands too many aliases ("Excessive alias count") or a
 * file or folder that cannot be read gives an entry with `error` instead.
 */
export function readManifests(dir: string): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      out.push({ file: d, error: `cannot read folder: ${firstLine(e)}` });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/.test(e.name)) {
        out.push(...readYamlFile(full));
      }
    }
  };
  walk(dir);
  return out;
}

function readYamlFile(file: string): ManifestEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return [{ file, error: `cannot read: ${firstLine(e)}` }];
  }
  const out: ManifestEntry[] = [];
  try {
    for (const doc of YAML.parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        out.push({ file, error: `invalid YAML: ${firstLine(doc.errors[0])}` });
      } else if (doc.contents !== null) {
        out.push({ file, obj: doc.toJS() });
      }
    }
  } catch (e) {
    // toJS throws on an alias bomb (maxAliasCount) and the like: the file is not a manifest.
    return [...out, { file, error: `invalid YAML: ${firstLine(e)}` }];
  }
  return out;
}

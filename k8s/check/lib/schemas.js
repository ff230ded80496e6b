'use strict';
// Turns the Kubernetes 1.32 OpenAPI v2 document and the CloudNativePG Cluster CRD into
// strict JSON Schemas for ajv, and answers "which schema and which scope has this kind".
//
// Strictness added on top of the published documents:
//  - every object schema that lists properties gets additionalProperties: false, so an
//    unknown field fails (the API server's strict field validation does the same);
//  - IntOrString is integer|string, Quantity is string|number (strings must be quantities),
//    Time and MicroTime are strings;
//  - int32/int64/byte/date-time formats are checked.

const fs = require('fs');
const zlib = require('zlib');
const yaml = require('js-yaml');
const Ajv = require('ajv');

const K8S_ID = 'k8s-1.32.json';
const DEF = (name) => `${K8S_ID}#/definitions/${name}`;
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// Grammar of resource.Quantity: sign, number, then a binary suffix, a decimal suffix or an exponent.
const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

const SPECIAL_DEFINITIONS = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], pattern: QUANTITY_PATTERN },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
};

// JSON Schema keywords copied as they are; everything else (description, x-kubernetes-*,
// default, example, ...) is dropped because it does not constrain a value.
const PLAIN_KEYWORDS = new Set([
  'type', 'required', 'enum', 'const', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems',
  'uniqueItems', 'minProperties', 'maxProperties',
]);
const SUBSCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf']);
const FORMATS = new Set(['int32', 'int64', 'byte', 'double', 'date-time']);

function readMaybeGzip(file) {
  const raw = fs.readFileSync(file);
  return file.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
}

function mapValues(obj, fn) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k] = fn(v, k);
  return out;
}

// ---------------------------------------------------------------- OpenAPI v2 (built-in kinds)

function convertSwaggerNode(node) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  if (typeof node.$ref === 'string') {
    // Siblings of $ref (only descriptions in this document) carry no constraint.
    const m = /^#\/definitions\/(.+)$/.exec(node.$ref);
    if (!m) throw new Error(`unsupported $ref ${node.$ref}`);
    return { $ref: `#/definitions/${m[1]}` };
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (PLAIN_KEYWORDS.has(key)) out[key] = value;
    else if (key === 'properties') out.properties = mapValues(value, convertSwaggerNode);
    else if (key === 'items') out.items = convertSwaggerNode(value);
    else if (key === 'additionalProperties') {
      out.additionalProperties = typeof value === 'object' ? convertSwaggerNode(value) : value;
    } else if (key === 'format' && FORMATS.has(value)) out.format = value;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function apiVersionOf(gvk) {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

function loadSwagger(file) {
  const doc = JSON.parse(readMaybeGzip(file));
  const definitions = {};
  const kinds = new Map(); // "apiVersion/Kind" -> { definition, namespaced }
  for (const [name, def] of Object.entries(doc.definitions)) {
    definitions[name] = SPECIAL_DEFINITIONS[name] || convertSwaggerNode(def);
    for (const gvk of def['x-kubernetes-group-version-kind'] || []) {
      const key = `${apiVersionOf(gvk)}/${gvk.kind}`;
      if (!kinds.has(key)) kinds.set(key, { definition: name, namespaced: undefined, creatable: false });
    }
  }
  // Scope comes from the paths: a kind created under /namespaces/{namespace}/ is namespaced.
  for (const [p, item] of Object.entries(doc.paths || {})) {
    for (const op of Object.values(item)) {
      if (!op || typeof op !== 'object' || op['x-kubernetes-action'] !== 'post') continue;
      const gvk = op['x-kubernetes-group-version-kind'];
      if (!gvk) continue;
      const entry = kinds.get(`${apiVersionOf(gvk)}/${gvk.kind}`);
      if (!entry) continue;
      // Sub-resources (.../pods/{name}/eviction, .../binding) are not the kind's own endpoint.
      if (/\{name\}/.test(p)) continue;
      entry.creatable = true;
      entry.namespaced = p.includes('{namespace}');
    }
  }
  return { schema: { $id: K8S_ID, definitions }, kinds };
}

// ---------------------------------------------------------------- CRD (structural OpenAPI v3)

function convertCrdNode(node, atRoot) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (PLAIN_KEYWORDS.has(key)) out[key] = value;
    else if (key === 'properties') {
      out.properties = mapValues(value, (v, k) => (atRoot && k === 'metadata'
        ? { $ref: DEF(OBJECT_META) } // the API server validates a custom object's metadata as ObjectMeta
        : convertCrdNode(v, false)));
    } else if (key === 'items') out.items = convertCrdNode(value, false);
    else if (key === 'additionalProperties') {
      out.additionalProperties = typeof value === 'object' ? convertCrdNode(value, false) : value;
    } else if (SUBSCHEMA_LIST_KEYWORDS.has(key)) out[key] = value.map((v) => convertCrdNode(v, false));
    else if (key === 'not') out.not = convertCrdNode(value, false);
    else if (key === 'format' && FORMATS.has(value)) out.format = value;
  }
  if (node['x-kubernetes-int-or-string']) {
    out.type = ['integer', 'string'];
    delete out.anyOf; // the generated anyOf only repeats the two types
  }
  if (node.nullable === true && out.type) out.type = [].concat(out.type, 'null');
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  // In a structural schema an object lists every field it keeps; the rest would be
  // pruned, which strict field validation reports as unknown fields.
  if (isObject && !preserve && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function countValidationRules(node) {
  if (node === null || typeof node !== 'object') return 0;
  let n = Array.isArray(node['x-kubernetes-validations']) ? node['x-kubernetes-validations'].length : 0;
  for (const v of Object.values(node)) n += countValidationRules(v);
  return n;
}

function loadCrd(file) {
  const docs = yaml.loadAll(readMaybeGzip(file)).filter(Boolean);
  const out = [];
  for (const crd of docs) {
    if (crd.kind !== 'CustomResourceDefinition') continue;
    const { group, names, scope, versions } = crd.spec;
    for (const v of versions) {
      if (!v.served || !v.schema || !v.schema.openAPIV3Schema) continue;
      const id = `crd-${group}-${v.name}-${names.kind}.json`;
      const schema = convertCrdNode(v.schema.openAPIV3Schema, true);
      schema.$id = id;
      out.push({
        apiVersion: `${group}/${v.name}`,
        kind: names.kind,
        namespaced: scope === 'Namespaced',
        schema,
        celRules: countValidationRules(v.schema.openAPIV3Schema),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- validator

function addFormats(ajv) {
  const isInt = (lo, hi) => (n) => Number.isInteger(n) && n >= lo && n <= hi;
  ajv.addFormat('int32', { type: 'number', validate: isInt(-(2 ** 31), 2 ** 31 - 1) });
  ajv.addFormat('int64', { type: 'number', validate: isInt(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) });
  ajv.addFormat('double', { type: 'number', validate: (n) => Number.isFinite(n) });
  ajv.addFormat('byte', { type: 'string', validate: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  });
}

function describe(obj) {
  const kind = (obj && obj.kind) || '<no kind>';
  const md = (obj && obj.metadata) || {};
  const name = md.name || '<no name>';
  return md.namespace ? `${kind} ${md.namespace}/${name}` : `${kind} ${name}`;
}

function formatAjvError(e) {
  const where = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties': return `${where}: unknown field "${e.params.additionalProperty}"`;
    case 'required': return `${where}: missing required field "${e.params.missingProperty}"`;
    case 'type': return `${where}: must be ${[].concat(e.params.type).join(' or ')}`;
    case 'pattern':
      if (e.params.pattern === QUANTITY_PATTERN) return `${where}: not a valid quantity (e.g. 250m, 1, 512Mi)`;
      return `${where}: ${e.message}`;
    case 'enum': return `${where}: must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    default: return `${where}: ${e.message}`;
  }
}

class SchemaValidator {
  constructor({ swaggerFile, crdFiles }) {
    this.ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, validateFormats: true });
    addFormats(this.ajv);
    const swagger = loadSwagger(swaggerFile);
    this.ajv.addSchema(swagger.schema);
    this.kinds = new Map();
    for (const [key, entry] of swagger.kinds) {
      if (entry.creatable) this.kinds.set(key, { ref: DEF(entry.definition), namespaced: entry.namespaced, source: 'kubernetes-1.32' });
    }
    this.builtinKinds = swagger.kinds;
    this.celRules = 0;
    for (const file of crdFiles) {
      for (const crd of loadCrd(file)) {
        this.ajv.addSchema(crd.schema);
        this.kinds.set(`${crd.apiVersion}/${crd.kind}`, { ref: crd.schema.$id, namespaced: crd.namespaced, source: 'crd' });
        this.celRules += crd.celRules;
      }
    }
    this.compiled = new Map();
  }

  lookup(obj) {
    if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
    return this.kinds.get(`${obj.apiVersion}/${obj.kind}`);
  }

  isNamespaced(obj) {
    const entry = this.lookup(obj);
    return entry ? entry.namespaced : undefined;
  }

  validate(obj) {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return ['document is not an object'];
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return ['apiVersion and kind must both be set'];
    const entry = this.lookup(obj);
    if (!entry) {
      const known = this.builtinKinds.has(`${obj.apiVersion}/${obj.kind}`);
      return [known
        ? `${obj.apiVersion} ${obj.kind} is not a resource that can be created`
        : `unknown kind: no ${obj.kind} in ${obj.apiVersion} (Kubernetes 1.32 or the CloudNativePG CRD)`];
    }
    let fn = this.compiled.get(entry.ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: entry.ref });
      this.compiled.set(entry.ref, fn);
    }
    if (fn(obj)) return [];
    return [...new Set(fn.errors.map(formatAjvError))];
  }
}

module.exports = { SchemaValidator, describe, QUANTITY_PATTERN };

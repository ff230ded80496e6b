'use strict';
// Checks that a Kubernetes API server (or the kubelet, or admission) would make and a
// schema cannot express, plus a few project rules. Each check takes the rendered objects
// and a context and returns a list of problems (strings); an empty list means it passed.

const { describe, QUANTITY_PATTERN } = require('./schemas');

// ---------------------------------------------------------------- name formats

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function dnsLabelProblem(v) {
  if (typeof v !== 'string' || v === '') return 'must be a non-empty string';
  if (v.length > 63) return `is ${v.length} characters, at most 63 allowed (DNS-1123 label)`;
  if (!DNS1123_LABEL.test(v)) return 'is not a DNS-1123 label (lower-case letters, digits, "-")';
  return null;
}
function dns1035Problem(v) {
  const p = dnsLabelProblem(v);
  if (p) return p;
  return DNS1035_LABEL.test(v) ? null : 'must start with a letter (DNS-1035 label)';
}
function subdomainProblem(v) {
  if (typeof v !== 'string' || v === '') return 'must be a non-empty string';
  if (v.length > 253) return `is ${v.length} characters, at most 253 allowed (DNS-1123 subdomain)`;
  if (!DNS1123_SUBDOMAIN.test(v)) return 'is not a DNS-1123 subdomain (lower-case letters, digits, "-", ".")';
  return null;
}
function portNameProblem(v) {
  if (typeof v !== 'string' || v === '') return 'must be a non-empty string';
  if (v.length > 15) return `is ${v.length} characters, at most 15 allowed`;
  if (!IANA_SVC_NAME.test(v)) return 'may hold only lower-case letters, digits and "-", not at either end';
  if (v.includes('--')) return 'must not contain "--"';
  if (!/[a-z]/.test(v)) return 'must contain at least one letter';
  return null;
}
function qualifiedNameProblem(key) {
  if (typeof key !== 'string' || key === '') return 'must be a non-empty string';
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [null, parts[0]];
  if (prefix !== null) {
    const p = subdomainProblem(prefix);
    if (p) return `prefix ${p}`;
  }
  if (name.length > 63) return `name part is ${name.length} characters, at most 63 allowed`;
  if (!LABEL_NAME.test(name)) return 'name part must be alphanumeric with "-", "_", "." inside';
  return null;
}
function labelValueProblem(v) {
  if (typeof v !== 'string') return 'must be a string';
  if (v.length > 63) return `is ${v.length} characters, at most 63 allowed`;
  if (v !== '' && !LABEL_NAME.test(v)) return 'must be alphanumeric with "-", "_", "." inside';
  return null;
}

// Names of kinds whose objects need a stricter format than a DNS-1123 subdomain.
const NAME_RULES = {
  Service: dns1035Problem,
  Namespace: dnsLabelProblem,
  StatefulSet: dnsLabelProblem, // pods are named <name>-<ordinal> and use it as hostname
  Cluster: dnsLabelProblem, // CloudNativePG derives Service and pod names from it
};

// ---------------------------------------------------------------- helpers

const asArray = (v) => (Array.isArray(v) ? v : []);
const asObject = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const nsOf = (o) => asObject(o.metadata).namespace;
const nameOf = (o) => asObject(o.metadata).name;

// Pod templates of every workload kind, plus synthetic pods for CloudNativePG clusters
// (the operator labels every instance with cnpg.io/cluster=<name>).
function podTemplates(objects) {
  const out = [];
  for (const o of objects) {
    const spec = asObject(o.spec);
    let tpl = null;
    switch (o.kind) {
      case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      case 'ReplicationController':
        tpl = spec.template; break;
      case 'CronJob': tpl = asObject(asObject(spec.jobTemplate).spec).template; break;
      case 'Pod': tpl = { metadata: o.metadata, spec: o.spec }; break;
      case 'Cluster':
        if (o.apiVersion === 'postgresql.cnpg.io/v1') {
          out.push({
            owner: o, synthetic: true, namespace: nsOf(o),
            labels: { 'cnpg.io/cluster': nameOf(o), 'cnpg.io/podRole': 'instance' },
            spec: null,
          });
        }
        continue;
      default: continue;
    }
    if (!tpl || typeof tpl !== 'object') continue;
    out.push({
      owner: o, synthetic: false, namespace: nsOf(o),
      labels: asObject(asObject(tpl.metadata).labels),
      annotations: asObject(asObject(tpl.metadata).annotations),
      spec: asObject(tpl.spec),
    });
  }
  return out;
}

function containersOf(tpl, { includeInit = true } = {}) {
  if (!tpl.spec) return [];
  const main = asArray(tpl.spec.containers).map((c) => ({ c, init: false }));
  const init = includeInit ? asArray(tpl.spec.initContainers).map((c) => ({ c, init: true })) : [];
  return [...init, ...main].filter(({ c }) => c && typeof c === 'object');
}

function mapSelectorMatches(sel, labels) {
  return Object.entries(asObject(sel)).every(([k, v]) => labels[k] === v);
}

function labelSelectorMatches(sel, labels) {
  if (!sel || typeof sel !== 'object') return false;
  if (!mapSelectorMatches(sel.matchLabels, labels)) return false;
  for (const e of asArray(sel.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = asArray(e.values);
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function selectorIsEmpty(sel) {
  const s = asObject(sel);
  return Object.keys(asObject(s.matchLabels)).length === 0 && asArray(s.matchExpressions).length === 0;
}

function fmtSelector(sel) {
  return JSON.stringify(sel);
}

// A container port reference (probe, Service targetPort, NetworkPolicy port): a name or a number.
function portDeclared(containers, ref) {
  const ports = containers.flatMap((c) => asArray(c.ports));
  if (typeof ref === 'number') return ports.some((p) => p.containerPort === ref);
  if (typeof ref === 'string' && /^[0-9]+$/.test(ref)) return ports.some((p) => p.containerPort === Number(ref));
  return ports.some((p) => p.name === ref);
}

// Parses a resource.Quantity to a number (for comparisons only).
function parseQuantity(q) {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string' || !new RegExp(QUANTITY_PATTERN).test(q)) return NaN;
  const m = /^([+-]?[0-9.]+)(.*)$/.exec(q);
  const n = parseFloat(m[1]);
  const suffix = m[2];
  const bin = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  const dec = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  if (suffix in bin) return n * bin[suffix];
  if (suffix in dec) return n * dec[suffix];
  const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  return e ? n * 10 ** Number(e[1]) : NaN;
}

// Parses a Quarkus/MicroProfile duration: "25s", "1m", "500ms", "PT25S" or plain seconds.
function parseDurationSeconds(v) {
  if (typeof v !== 'string') return NaN;
  const s = v.trim();
  let m = /^([0-9]+)$/.exec(s);
  if (m) return Number(m[1]);
  m = /^([0-9]+)(ms|s|m|h|d)$/i.exec(s);
  if (m) return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2].toLowerCase()];
  m = /^PT(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9.]+)S)?$/i.exec(s);
  if (m) return Number(m[1] || 0) * 3600 + Number(m[2] || 0) * 60 + Number(m[3] || 0);
  return NaN;
}

// ---------------------------------------------------------------- reference index

// Secrets the operator creates for a CloudNativePG Cluster. The owner's Secret is
// <cluster>-app unless bootstrap.initdb.secret names one (then that one is used and
// nothing is generated) -- the same rule as the operator's GetApplicationSecretName.
const CNPG_APP_KEYS = ['username', 'user', 'password', 'dbname', 'host', 'port', 'uri', 'jdbc-uri', 'pgpass', 'fqdn-uri', 'fqdn-jdbc-uri'];
function cnpgGenerated(cluster) {
  const spec = asObject(cluster.spec);
  const name = nameOf(cluster);
  const initdb = asObject(asObject(spec.bootstrap).initdb);
  const secrets = [];
  const userSecret = asObject(initdb.secret).name;
  if (!userSecret) secrets.push({ name: `${name}-app`, keys: CNPG_APP_KEYS });
  if (spec.enableSuperuserAccess === true && !asObject(spec.superuserSecret).name) {
    secrets.push({ name: `${name}-superuser`, keys: CNPG_APP_KEYS });
  }
  const services = ['rw', 'ro', 'r'].map((s) => ({ name: `${name}-${s}`, ports: [5432] }));
  return { secrets, services };
}

function buildIndex(objects, ctx) {
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const key = (ns, name) => `${ns}/${name}`;
  const configMaps = new Map(byKind('ConfigMap').map((o) => [key(nsOf(o), nameOf(o)), o]));
  const secrets = new Map(); // ns/name -> keys array or null (unknown keys)
  for (const s of byKind('Secret')) {
    secrets.set(key(nsOf(s), nameOf(s)), [...Object.keys(asObject(s.data)), ...Object.keys(asObject(s.stringData))]);
  }
  const services = new Map(byKind('Service').map((o) => [key(nsOf(o), nameOf(o)), asArray(asObject(o.spec).ports).map((p) => p.port)]));
  for (const c of objects.filter((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1')) {
    const gen = cnpgGenerated(c);
    for (const s of gen.secrets) secrets.set(key(nsOf(c), s.name), s.keys);
    for (const s of gen.services) services.set(key(nsOf(c), s.name), s.ports);
  }
  const external = asObject(ctx.config.externalSecrets);
  return {
    configMap: (ns, name) => configMaps.get(key(ns, name)),
    // Returns the list of keys, or undefined when the Secret is neither rendered,
    // generated by an operator in the render, nor listed as expected external Secret.
    secretKeys: (ns, name) => {
      if (secrets.has(key(ns, name))) return secrets.get(key(ns, name));
      if (Object.prototype.hasOwnProperty.call(external, name)) return asArray(external[name]);
      return undefined;
    },
    service: (ns, name) => services.get(key(ns, name)),
    serviceObject: (ns, name) => byKind('Service').find((o) => nsOf(o) === ns && nameOf(o) === name),
    serviceAccount: (ns, name) => name === 'default' || byKind('ServiceAccount').some((o) => nsOf(o) === ns && nameOf(o) === name),
    pvc: (ns, name) => byKind('PersistentVolumeClaim').some((o) => nsOf(o) === ns && nameOf(o) === name),
  };
}

// ---------------------------------------------------------------- the checks

function checkNamespaces(objects, ctx) {
  const problems = [];
  for (const o of objects) {
    const namespaced = ctx.validator.isNamespaced(o);
    if (namespaced === undefined) continue; // unknown kind: the schema check reports it
    const ns = nsOf(o);
    if (namespaced && (typeof ns !== 'string' || ns === '')) problems.push(`${describe(o)}: namespaced kind without metadata.namespace`);
    if (!namespaced && ns !== undefined) problems.push(`${describe(o)}: cluster-scoped kind must not set metadata.namespace`);
    if (namespaced && typeof ns === 'string' && ns !== '') {
      const p = dnsLabelProblem(ns);
      if (p) problems.push(`${describe(o)}: namespace "${ns}" ${p}`);
    }
  }
  return problems;
}

function checkNames(objects) {
  const problems = [];
  const seen = new Set();
  const checkLabels = (where, labels) => {
    for (const [k, v] of Object.entries(asObject(labels))) {
      const pk = qualifiedNameProblem(k);
      if (pk) problems.push(`${where}: label key "${k}" ${pk}`);
      const pv = labelValueProblem(v);
      if (pv) problems.push(`${where}: value of label "${k}" ${pv}`);
    }
  };
  for (const o of objects) {
    const md = asObject(o.metadata);
    const rule = NAME_RULES[o.kind] || subdomainProblem;
    const p = rule(md.name);
    if (p) problems.push(`${describe(o)}: metadata.name "${md.name === undefined ? '' : md.name}" ${p}`);
    const id = `${o.apiVersion}/${o.kind}/${md.namespace || ''}/${md.name}`;
    if (seen.has(id)) problems.push(`${describe(o)}: defined twice`);
    seen.add(id);
    checkLabels(describe(o), md.labels);
    for (const k of Object.keys(asObject(md.annotations))) {
      const pk = qualifiedNameProblem(k);
      if (pk) problems.push(`${describe(o)}: annotation key "${k}" ${pk}`);
    }
    if (o.kind === 'ConfigMap') {
      for (const k of [...Object.keys(asObject(o.data)), ...Object.keys(asObject(o.binaryData))]) {
        if (!CONFIG_KEY.test(k) || k.length > 253) problems.push(`${describe(o)}: key "${k}" is not a valid ConfigMap key`);
      }
    }
    if (o.kind === 'Service') {
      for (const port of asArray(asObject(o.spec).ports)) {
        if (port.name === undefined) continue;
        const pp = portNameProblem(port.name);
        if (pp) problems.push(`${describe(o)}: port name "${port.name}" ${pp}`);
      }
    }
    const selector = asObject(asObject(o.spec).selector);
    checkLabels(`${describe(o)} selector`, o.kind === 'Service' ? selector : selector.matchLabels);
  }
  for (const tpl of podTemplates(objects)) {
    if (tpl.synthetic) continue;
    const where = describe(tpl.owner);
    checkLabels(`${where} pod template`, tpl.labels);
    const portNames = new Set();
    for (const { c } of containersOf(tpl)) {
      const cp = dnsLabelProblem(c.name);
      if (cp) problems.push(`${where}: container name "${c.name}" ${cp}`);
      for (const port of asArray(c.ports)) {
        if (port.name === undefined) continue;
        const pp = portNameProblem(port.name);
        if (pp) problems.push(`${where}: container ${c.name} port name "${port.name}" ${pp}`);
        if (portNames.has(port.name)) problems.push(`${where}: port name "${port.name}" is declared twice in the pod`);
        portNames.add(port.name);
      }
      for (const e of asArray(c.env)) {
        if (!ENV_VAR_NAME.test(e.name || '')) problems.push(`${where}: container ${c.name} env name "${e.name}" is not a valid variable name`);
      }
    }
    for (const v of asArray(tpl.spec.volumes)) {
      const vp = dnsLabelProblem(v.name);
      if (vp) problems.push(`${where}: volume name "${v.name}" ${vp}`);
    }
  }
  return problems;
}

function checkSelectors(objects, ctx) {
  const problems = [];
  const templates = podTemplates(objects);
  const real = templates.filter((t) => !t.synthetic);
  const inNs = (ns, list = templates) => list.filter((t) => t.namespace === ns);
  for (const o of objects) {
    const spec = asObject(o.spec);
    const ns = nsOf(o);
    const where = describe(o);
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(o.kind)) {
      const tpl = real.find((t) => t.owner === o);
      if (!tpl) continue; // the schema check reports a missing template
      if (selectorIsEmpty(spec.selector)) problems.push(`${where}: spec.selector is empty`);
      else if (!labelSelectorMatches(spec.selector, tpl.labels)) {
        problems.push(`${where}: selector ${fmtSelector(spec.selector)} does not match the pod template labels ${JSON.stringify(tpl.labels)}`);
      }
      for (const tsc of asArray(asObject(tpl.spec).topologySpreadConstraints)) {
        if (tsc.labelSelector && !labelSelectorMatches(tsc.labelSelector, tpl.labels)) {
          problems.push(`${where}: topologySpreadConstraint on ${tsc.topologyKey} selects ${fmtSelector(tsc.labelSelector)}, which are not this workload's pods`);
        }
      }
    }
    if (o.kind === 'Service' && spec.selector && Object.keys(spec.selector).length > 0) {
      if (!inNs(ns).some((t) => mapSelectorMatches(spec.selector, t.labels))) {
        problems.push(`${where}: selector ${JSON.stringify(spec.selector)} matches no pod template in namespace ${ns}`);
      }
    }
    if (o.kind === 'PodDisruptionBudget') {
      if (!inNs(ns).some((t) => labelSelectorMatches(spec.selector, t.labels))) {
        problems.push(`${where}: selector ${fmtSelector(spec.selector)} matches no pod template in namespace ${ns}`);
      }
    }
    if (o.kind === 'NetworkPolicy') {
      if (!selectorIsEmpty(spec.podSelector) && !inNs(ns).some((t) => labelSelectorMatches(spec.podSelector, t.labels))) {
        problems.push(`${where}: podSelector ${fmtSelector(spec.podSelector)} matches no pod template in namespace ${ns}`);
      }
      if (ctx.options.resolvePeers) {
        const peers = [
          ...asArray(spec.ingress).flatMap((r) => asArray(r.from).map((p) => ['ingress from', p])),
          ...asArray(spec.egress).flatMap((r) => asArray(r.to).map((p) => ['egress to', p])),
        ];
        for (const [dir, peer] of peers) {
          // Only peers in the policy's own namespace can be resolved against the render.
          if (!peer.podSelector || peer.namespaceSelector || selectorIsEmpty(peer.podSelector)) continue;
          if (!inNs(ns).some((t) => labelSelectorMatches(peer.podSelector, t.labels))) {
            problems.push(`${where}: ${dir} podSelector ${fmtSelector(peer.podSelector)} matches no pod in namespace ${ns}`);
          }
        }
      }
    }
    if (o.kind === 'HorizontalPodAutoscaler') {
      const ref = asObject(spec.scaleTargetRef);
      const target = objects.find((t) => t.kind === ref.kind && nameOf(t) === ref.name && nsOf(t) === ns
        && (ref.apiVersion === undefined || t.apiVersion === ref.apiVersion));
      if (!target) problems.push(`${where}: scaleTargetRef ${ref.apiVersion || ''} ${ref.kind}/${ref.name} is not in namespace ${ns}`);
    }
  }
  return problems;
}

function checkReferences(objects, ctx) {
  const problems = [];
  const idx = buildIndex(objects, ctx);
  const secretRef = (where, ns, name, key, optional) => {
    if (optional === true) return;
    const keys = idx.secretKeys(ns, name);
    if (keys === undefined) problems.push(`${where}: Secret "${name}" is neither in the render nor an expected external Secret (${ctx.configName})`);
    else if (key !== undefined && keys.length > 0 && !keys.includes(key)) problems.push(`${where}: Secret "${name}" has no key "${key}" (known keys: ${keys.join(', ')})`);
  };
  const configMapRef = (where, ns, name, key, optional) => {
    if (optional === true) return;
    const cm = idx.configMap(ns, name);
    if (!cm) problems.push(`${where}: ConfigMap "${name}" is not in namespace ${ns} of the render`);
    else if (key !== undefined && !Object.prototype.hasOwnProperty.call(asObject(cm.data), key)
      && !Object.prototype.hasOwnProperty.call(asObject(cm.binaryData), key)) {
      problems.push(`${where}: ConfigMap "${name}" has no key "${key}"`);
    }
  };
  for (const tpl of podTemplates(objects)) {
    if (tpl.synthetic) continue;
    const ns = tpl.namespace;
    const owner = describe(tpl.owner);
    const spec = tpl.spec;
    if (spec.serviceAccountName && !idx.serviceAccount(ns, spec.serviceAccountName)) {
      problems.push(`${owner}: serviceAccountName "${spec.serviceAccountName}" is not a ServiceAccount in the render`);
    }
    for (const s of asArray(spec.imagePullSecrets)) secretRef(`${owner} imagePullSecrets`, ns, s.name);
    const volumeNames = new Set();
    for (const v of asArray(spec.volumes)) {
      volumeNames.add(v.name);
      const w = `${owner} volume ${v.name}`;
      if (v.configMap) configMapRef(w, ns, v.configMap.name, undefined, v.configMap.optional);
      if (v.secret) secretRef(w, ns, v.secret.secretName, undefined, v.secret.optional);
      if (v.persistentVolumeClaim && !idx.pvc(ns, v.persistentVolumeClaim.claimName)) {
        problems.push(`${w}: PersistentVolumeClaim "${v.persistentVolumeClaim.claimName}" is not in the render`);
      }
      for (const src of asArray(asObject(v.projected).sources)) {
        if (src.configMap) configMapRef(w, ns, src.configMap.name, undefined, src.configMap.optional);
        if (src.secret) secretRef(w, ns, src.secret.name, undefined, src.secret.optional);
      }
    }
    if (tpl.owner.kind === 'StatefulSet') {
      for (const t of asArray(asObject(tpl.owner.spec).volumeClaimTemplates)) volumeNames.add(asObject(t.metadata).name);
    }
    for (const { c } of containersOf(tpl)) {
      const w = `${owner} container ${c.name}`;
      for (const ef of asArray(c.envFrom)) {
        if (ef.configMapRef) configMapRef(`${w} envFrom`, ns, ef.configMapRef.name, undefined, ef.configMapRef.optional);
        if (ef.secretRef) secretRef(`${w} envFrom`, ns, ef.secretRef.name, undefined, ef.secretRef.optional);
      }
      for (const e of asArray(c.env)) {
        const vf = asObject(e.valueFrom);
        if (vf.configMapKeyRef) configMapRef(`${w} env ${e.name}`, ns, vf.configMapKeyRef.name, vf.configMapKeyRef.key, vf.configMapKeyRef.optional);
        if (vf.secretKeyRef) secretRef(`${w} env ${e.name}`, ns, vf.secretKeyRef.name, vf.secretKeyRef.key, vf.secretKeyRef.optional);
        if (e.name === 'QUARKUS_DATASOURCE_JDBC_URL' && typeof e.value === 'string') {
          const m = /^jdbc:postgresql:\/\/([^/:?]+)(?::([0-9]+))?\/([^?]+)/.exec(e.value);
          if (!m) { problems.push(`${w} env ${e.name}: "${e.value}" is not a jdbc:postgresql://host[:port]/database URL`); continue; }
          const [, host, port = '5432'] = m;
          const parts = host.split('.');
          const svcNs = parts.length > 1 ? parts[1] : ns;
          const ports = idx.service(svcNs, parts[0]);
          if (!ports) problems.push(`${w} env ${e.name}: host "${host}" is not a Service in the render (nor one CloudNativePG creates)`);
          else if (!ports.includes(Number(port))) problems.push(`${w} env ${e.name}: Service ${parts[0]} has no port ${port}`);
        }
      }
      for (const vm of asArray(c.volumeMounts)) {
        if (!volumeNames.has(vm.name)) problems.push(`${w}: volumeMount "${vm.name}" names no volume of the pod`);
      }
    }
  }
  for (const o of objects) {
    const ns = nsOf(o);
    if (o.kind === 'StatefulSet') {
      const svcName = asObject(o.spec).serviceName;
      if (svcName) {
        const svc = idx.serviceObject(ns, svcName);
        if (!svc) problems.push(`${describe(o)}: serviceName "${svcName}" is not a Service in the render`);
        else if (asObject(svc.spec).clusterIP !== 'None') problems.push(`${describe(o)}: Service "${svcName}" must be headless (clusterIP: None)`);
      }
    }
    if (o.kind === 'Ingress') {
      const spec = asObject(o.spec);
      const backends = [spec.defaultBackend, ...asArray(spec.rules).flatMap((r) => asArray(asObject(r.http).paths).map((p) => p.backend))];
      for (const b of backends) {
        const s = asObject(asObject(b).service);
        if (!s.name) continue;
        const svc = idx.serviceObject(ns, s.name);
        if (!svc) { problems.push(`${describe(o)}: backend Service "${s.name}" is not in the render`); continue; }
        const port = asObject(s.port);
        const svcPorts = asArray(asObject(svc.spec).ports);
        const ok = port.name !== undefined ? svcPorts.some((p) => p.name === port.name) : svcPorts.some((p) => p.port === port.number);
        if (!ok) problems.push(`${describe(o)}: Service "${s.name}" has no port ${port.name !== undefined ? port.name : port.number}`);
      }
      for (const t of asArray(spec.tls)) if (t.secretName) secretRef(`${describe(o)} tls`, ns, t.secretName);
    }
    if (o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1') {
      const spec = asObject(o.spec);
      const initdbSecret = asObject(asObject(asObject(spec.bootstrap).initdb).secret).name;
      if (initdbSecret) secretRef(`${describe(o)} bootstrap.initdb.secret`, ns, initdbSecret, 'password');
      const su = asObject(spec.superuserSecret).name;
      if (su) secretRef(`${describe(o)} superuserSecret`, ns, su, 'password');
    }
  }
  return problems;
}

function checkPorts(objects) {
  const problems = [];
  const templates = podTemplates(objects).filter((t) => !t.synthetic);
  for (const tpl of templates) {
    const where = describe(tpl.owner);
    const seen = new Set();
    for (const { c } of containersOf(tpl)) {
      for (const p of asArray(c.ports)) {
        const id = `${p.containerPort}/${p.protocol || 'TCP'}`;
        if (seen.has(id)) problems.push(`${where}: containerPort ${id} is declared twice`);
        seen.add(id);
      }
      const handlers = [
        ['startupProbe', c.startupProbe], ['livenessProbe', c.livenessProbe], ['readinessProbe', c.readinessProbe],
        ['preStop', asObject(c.lifecycle).preStop], ['postStart', asObject(c.lifecycle).postStart],
      ];
      for (const [what, h] of handlers) {
        for (const action of ['httpGet', 'tcpSocket', 'grpc']) {
          const a = asObject(h)[action];
          if (!a || a.port === undefined) continue;
          if (!portDeclared([c], a.port)) problems.push(`${where}: container ${c.name} ${what} ${action} port ${JSON.stringify(a.port)} is not a declared containerPort`);
        }
      }
    }
    const ann = tpl.annotations || {};
    if (ann['prometheus.io/port'] !== undefined && !portDeclared(containersOf(tpl).map(({ c }) => c), String(ann['prometheus.io/port']))) {
      problems.push(`${where}: prometheus.io/port ${ann['prometheus.io/port']} is not a declared containerPort`);
    }
  }
  for (const o of objects) {
    const spec = asObject(o.spec);
    const ns = nsOf(o);
    if (o.kind === 'Service' && spec.selector && Object.keys(spec.selector).length > 0) {
      const selected = templates.filter((t) => t.namespace === ns && mapSelectorMatches(spec.selector, t.labels));
      for (const p of asArray(spec.ports)) {
        const target = p.targetPort === undefined ? p.port : p.targetPort;
        for (const t of selected) {
          if (!portDeclared(containersOf(t, { includeInit: false }).map(({ c }) => c), target)) {
            problems.push(`${describe(o)}: port ${p.name || p.port} targets ${JSON.stringify(target)}, not a containerPort of ${describe(t.owner)}`);
          }
        }
      }
    }
    if (o.kind === 'NetworkPolicy') {
      const selected = templates.filter((t) => t.namespace === ns && (selectorIsEmpty(spec.podSelector) || labelSelectorMatches(spec.podSelector, t.labels)));
      for (const rule of asArray(spec.ingress)) {
        for (const p of asArray(rule.ports)) {
          if (p.port === undefined) continue;
          for (const t of selected) {
            if (!portDeclared(containersOf(t, { includeInit: false }).map(({ c }) => c), p.port)) {
              problems.push(`${describe(o)}: ingress port ${JSON.stringify(p.port)} is not a containerPort of ${describe(t.owner)}`);
            }
          }
        }
      }
    }
  }
  return problems;
}

function checkProbes(objects, ctx) {
  const problems = [];
  const paths = asArray(ctx.config.healthPaths);
  for (const tpl of podTemplates(objects)) {
    if (tpl.synthetic) continue;
    const where = describe(tpl.owner);
    const longRunning = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(tpl.owner.kind);
    for (const { c, init } of containersOf(tpl)) {
      for (const what of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const probe = c[what];
        if (!probe) {
          if (longRunning && !init && what !== 'startupProbe') problems.push(`${where}: container ${c.name} has no ${what}`);
          continue;
        }
        const handlers = ['httpGet', 'tcpSocket', 'exec', 'grpc'].filter((h) => probe[h]);
        if (handlers.length !== 1) problems.push(`${where}: container ${c.name} ${what} must have exactly one handler, has ${handlers.length}`);
        if (probe.httpGet) {
          const p = probe.httpGet.path;
          if (!paths.includes(p)) problems.push(`${where}: container ${c.name} ${what} path "${p}" is not one of the service's health paths (${paths.join(', ')})`);
        }
      }
    }
    const ann = tpl.annotations || {};
    if (ann['prometheus.io/scrape'] === 'true' && ctx.config.metricsPath && ann['prometheus.io/path'] !== ctx.config.metricsPath) {
      problems.push(`${where}: prometheus.io/path is "${ann['prometheus.io/path']}", the service exposes metrics at ${ctx.config.metricsPath}`);
    }
  }
  return problems;
}

function checkEnv(objects) {
  const problems = [];
  for (const tpl of podTemplates(objects)) {
    if (tpl.synthetic) continue;
    for (const { c } of containersOf(tpl)) {
      const names = new Set();
      for (const e of asArray(c.env)) {
        const w = `${describe(tpl.owner)}: container ${c.name} env ${e.name}`;
        if (names.has(e.name)) problems.push(`${w} is set twice`);
        names.add(e.name);
        if (e.value !== undefined && e.valueFrom !== undefined) problems.push(`${w}: value and valueFrom are both set`);
        if (e.valueFrom !== undefined) {
          const sources = Object.keys(asObject(e.valueFrom));
          if (sources.length !== 1) problems.push(`${w}: valueFrom must name exactly one source`);
        }
      }
    }
  }
  return problems;
}

function checkSecrets(objects, ctx) {
  if (ctx.options.allowSecretData) return [];
  return objects
    .filter((o) => o.kind === 'Secret' && (Object.keys(asObject(o.data)).length > 0 || Object.keys(asObject(o.stringData)).length > 0))
    .map((o) => `${describe(o)}: a Secret with data/stringData must not be committed here; create it in the cluster (see k8s/README.md)`);
}

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

// Pod Security Standard "restricted" (what admission enforces in the newsroom namespace)
// plus the project's own rules: read-only root filesystem, requests and a memory limit.
function checkSecurity(objects) {
  const problems = [];
  for (const tpl of podTemplates(objects)) {
    if (tpl.synthetic) continue;
    const where = describe(tpl.owner);
    const spec = tpl.spec;
    const psc = asObject(spec.securityContext);
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f] === true) problems.push(`${where}: ${f} is not allowed`);
    for (const v of asArray(spec.volumes)) {
      const types = Object.keys(v).filter((k) => k !== 'name');
      for (const t of types) if (!RESTRICTED_VOLUME_TYPES.has(t)) problems.push(`${where}: volume ${v.name} of type ${t} is not allowed by Pod Security "restricted"`);
    }
    if (psc.runAsUser === 0) problems.push(`${where}: pod runAsUser 0 (root) is not allowed`);
    for (const { c } of containersOf(tpl)) {
      const w = `${where}: container ${c.name}`;
      const sc = asObject(c.securityContext);
      const eff = (f) => (sc[f] !== undefined ? sc[f] : psc[f]);
      if (sc.privileged === true) problems.push(`${w} is privileged`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${w} must set allowPrivilegeEscalation: false`);
      if (eff('runAsNonRoot') !== true) problems.push(`${w} must run with runAsNonRoot: true`);
      if (eff('runAsUser') === 0) problems.push(`${w} runs as uid 0`);
      const seccomp = asObject(eff('seccompProfile')).type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${w} needs seccompProfile RuntimeDefault or Localhost`);
      const caps = asObject(sc.capabilities);
      if (!asArray(caps.drop).includes('ALL')) problems.push(`${w} must drop ALL capabilities`);
      for (const a of asArray(caps.add)) if (a !== 'NET_BIND_SERVICE') problems.push(`${w} adds capability ${a}`);
      for (const p of asArray(c.ports)) if (p.hostPort) problems.push(`${w} uses hostPort ${p.hostPort}`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${w} must set readOnlyRootFilesystem: true`);
      const res = asObject(c.resources);
      const req = asObject(res.requests);
      const lim = asObject(res.limits);
      for (const r of ['cpu', 'memory']) if (req[r] === undefined) problems.push(`${w} has no ${r} request`);
      if (lim.memory === undefined) problems.push(`${w} has no memory limit`);
      for (const r of Object.keys(req)) {
        if (lim[r] !== undefined && parseQuantity(req[r]) > parseQuantity(lim[r])) problems.push(`${w} requests more ${r} (${req[r]}) than its limit (${lim[r]})`);
      }
    }
  }
  return problems;
}

function checkAvailability(objects) {
  const problems = [];
  const find = (kind, ns, name) => objects.find((o) => o.kind === kind && nsOf(o) === ns && nameOf(o) === name);
  const templates = podTemplates(objects).filter((t) => !t.synthetic);
  for (const o of objects) {
    const spec = asObject(o.spec);
    const ns = nsOf(o);
    if (o.kind === 'HorizontalPodAutoscaler') {
      const min = spec.minReplicas === undefined ? 1 : spec.minReplicas;
      if (min < 1) problems.push(`${describe(o)}: minReplicas must be at least 1`);
      if (typeof spec.maxReplicas === 'number' && min > spec.maxReplicas) problems.push(`${describe(o)}: minReplicas ${min} > maxReplicas ${spec.maxReplicas}`);
      const ref = asObject(spec.scaleTargetRef);
      const target = find(ref.kind, ns, ref.name);
      const tpl = target && templates.find((t) => t.owner === target);
      for (const m of asArray(spec.metrics)) {
        const r = asObject(m.resource);
        if (m.type === 'Resource' && asObject(r.target).type === 'Utilization' && tpl) {
          for (const { c } of containersOf(tpl, { includeInit: false })) {
            if (asObject(asObject(c.resources).requests)[r.name] === undefined) {
              problems.push(`${describe(o)}: ${r.name} utilization needs a ${r.name} request on container ${c.name} of ${describe(target)}`);
            }
          }
        }
      }
    }
    if (o.kind === 'PodDisruptionBudget') {
      if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) problems.push(`${describe(o)}: minAvailable and maxUnavailable are both set`);
      if (typeof spec.minAvailable === 'number') {
        for (const t of templates.filter((x) => x.namespace === ns && labelSelectorMatches(spec.selector, x.labels))) {
          const replicas = asObject(t.owner.spec).replicas === undefined ? 1 : t.owner.spec.replicas;
          if (spec.minAvailable >= replicas) problems.push(`${describe(o)}: minAvailable ${spec.minAvailable} >= ${replicas} replicas of ${describe(t.owner)} blocks every eviction`);
        }
      }
      if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') problems.push(`${describe(o)}: maxUnavailable 0 blocks every eviction`);
    }
  }
  return problems;
}

// preStop sleep + the application's shutdown delay (readiness DOWN, still serving) + its
// shutdown timeout (draining) must fit in the grace period, otherwise the kubelet kills the JVM
// in the middle of draining requests.
function checkShutdown(objects) {
  const problems = [];
  const cms = objects.filter((o) => o.kind === 'ConfigMap');
  for (const tpl of podTemplates(objects)) {
    if (tpl.synthetic) continue;
    const grace = tpl.spec.terminationGracePeriodSeconds === undefined ? 30 : tpl.spec.terminationGracePeriodSeconds;
    for (const { c, init } of containersOf(tpl)) {
      if (init) continue;
      const preStop = asObject(asObject(c.lifecycle).preStop);
      const sleep = preStop.sleep ? Number(preStop.sleep.seconds) || 0 : 0;
      const envValue = (name) => {
        let value;
        for (const ef of asArray(c.envFrom)) {
          const cm = ef.configMapRef && cms.find((x) => nameOf(x) === ef.configMapRef.name && nsOf(x) === tpl.namespace);
          if (cm && asObject(cm.data)[name] !== undefined) value = cm.data[name];
        }
        const direct = asArray(c.env).find((e) => e.name === name);
        if (direct && direct.value !== undefined) value = direct.value;
        return value;
      };
      const seconds = {};
      let invalid = false;
      for (const name of ['QUARKUS_SHUTDOWN_TIMEOUT', 'QUARKUS_SHUTDOWN_DELAY']) {
        const value = envValue(name);
        seconds[name] = 0;
        if (value === undefined) continue;
        seconds[name] = parseDurationSeconds(String(value));
        if (Number.isNaN(seconds[name])) {
          problems.push(`${describe(tpl.owner)}: container ${c.name} ${name} "${value}" is not a duration`);
          invalid = true;
        }
      }
      if (invalid) continue;
      const t = seconds.QUARKUS_SHUTDOWN_TIMEOUT;
      const d = seconds.QUARKUS_SHUTDOWN_DELAY;
      if (sleep + d + t >= grace) {
        problems.push(`${describe(tpl.owner)}: container ${c.name} preStop sleep ${sleep}s + shutdown delay ${d}s + shutdown timeout ${t}s does not fit in terminationGracePeriodSeconds ${grace}`);
      }
    }
  }
  return problems;
}

function checkImages(objects, ctx) {
  if (!ctx.options.pinnedImages) return [];
  const problems = [];
  for (const tpl of podTemplates(objects)) {
    if (tpl.synthetic) continue;
    for (const { c } of containersOf(tpl)) {
      const img = String(c.image || '');
      const lastPart = img.split('/').pop();
      const tagged = img.includes('@sha256:') || (lastPart.includes(':') && !lastPart.endsWith(':latest'));
      if (!tagged) problems.push(`${describe(tpl.owner)}: container ${c.name} image "${img}" has no fixed tag or digest`);
    }
  }
  const clusters = objects.filter((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1');
  for (const cl of clusters) {
    const img = asObject(cl.spec).imageName;
    if (img && (!img.split('/').pop().includes(':') || img.endsWith(':latest'))) problems.push(`${describe(cl)}: imageName "${img}" has no fixed tag`);
  }
  return problems;
}

function checkKinds(objects, ctx) {
  const problems = [];
  for (const kind of asArray(ctx.options.requireKinds)) {
    if (!objects.some((o) => o.kind === kind)) problems.push(`no ${kind} in the render`);
  }
  return problems;
}

// The Ingress forwards only the service's public routes: health, metrics and whatever else the
// service answers stay inside the cluster. A default backend would forward everything.
function checkExposure(objects, ctx) {
  const problems = [];
  const publicPaths = asArray(ctx.config.publicPaths);
  if (publicPaths.length === 0) return problems;
  for (const o of objects) {
    if (o.kind !== 'Ingress') continue;
    const spec = asObject(o.spec);
    if (spec.defaultBackend) problems.push(`${describe(o)}: a defaultBackend forwards every path; route only ${publicPaths.join(', ')}`);
    for (const rule of asArray(spec.rules)) {
      for (const p of asArray(asObject(rule.http).paths)) {
        if (!publicPaths.includes(p.path)) {
          problems.push(`${describe(o)}: forwards path "${p.path}", which is not one of the service's public paths (${publicPaths.join(', ')})`);
        } else if (p.pathType === 'ImplementationSpecific') {
          problems.push(`${describe(o)}: path "${p.path}" has pathType ImplementationSpecific; use Prefix or Exact`);
        }
      }
    }
  }
  return problems;
}

function checkSchema(objects, ctx) {
  const problems = [];
  for (const o of objects) for (const e of ctx.validator.validate(o)) problems.push(`${describe(o)}: ${e}`);
  return problems;
}

// Order matters only for the output.
const CHECKS = [
  ['schema', 'objects match the Kubernetes 1.32 / CloudNativePG 1.28 schemas (strict)', checkSchema],
  ['namespaces', 'namespaced objects carry a namespace, cluster-scoped ones none', checkNamespaces],
  ['names', 'names, label keys/values and port names are valid (DNS-1123, ports <= 15 chars)', checkNames],
  ['selectors', 'selectors and scale targets reach the intended pods', checkSelectors],
  ['references', 'ConfigMap, Secret, ServiceAccount, Service and volume references resolve', checkReferences],
  ['ports', 'probe, Service, NetworkPolicy and metrics ports are declared containerPorts', checkPorts],
  ['probes', 'probes exist and use the service\'s health paths; metrics path is right', checkProbes],
  ['exposure', 'the Ingress forwards only the service\'s public paths', checkExposure],
  ['env', 'environment variables are set once, from one source', checkEnv],
  ['secrets', 'no Secret with data is committed', checkSecrets],
  ['security', 'pods meet Pod Security "restricted", read-only root, requests and limits', checkSecurity],
  ['availability', 'HPA and PodDisruptionBudget settings are coherent', checkAvailability],
  ['shutdown', 'preStop sleep + shutdown delay + shutdown timeout fit in the grace period', checkShutdown],
  ['images', 'images carry a fixed tag or digest', checkImages],
  ['kinds', 'the expected kinds are present', checkKinds],
];

module.exports = { CHECKS, parseQuantity, parseDurationSeconds, labelSelectorMatches };

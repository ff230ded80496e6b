#!/usr/bin/env node
'use strict';
// Offline checker for the Kubernetes manifests under k8s/.
//
//  1. renders every target of config.yaml (base and overlays) with `kubectl kustomize`;
//  2. validates every rendered object against the Kubernetes 1.32 OpenAPI document and the
//     CloudNativePG Cluster CRD vendored in <repo>/third_party/schemas
//     (override: NEWSROOM_SCHEMA_DIR);
//  3. runs the cross-reference checks of lib/rules.js on each render;
//  4. runs the same checks on fixtures/valid/*.yaml (must pass) and fixtures/broken/*.yaml
//     (each must be rejected by the check, and with the message, its header names).
//
// Prints one line per check and ends with "N passed, N failed"; exits 1 on any failure.
// Environment: KUBECTL (default "kubectl"), NEWSROOM_SCHEMA_DIR, CHECK_VERBOSE=1.

const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');
const yaml = require('js-yaml');
const { SchemaValidator } = require('./lib/schemas');
const { CHECKS } = require('./lib/rules');

const CHECK_DIR = __dirname;
const K8S_DIR = path.resolve(CHECK_DIR, '..');
const REPO_DIR = path.resolve(K8S_DIR, '..');
const SCHEMA_DIR = process.env.NEWSROOM_SCHEMA_DIR
  ? path.resolve(process.env.NEWSROOM_SCHEMA_DIR)
  : path.resolve(REPO_DIR, 'third_party', 'schemas');
const SWAGGER = path.join(SCHEMA_DIR, 'kubernetes-1.32-swagger.json.gz');
const CRDS = [path.join(SCHEMA_DIR, 'cnpg-1.28.4-clusters-crd.yaml.gz')];
const CONFIG_FILE = path.join(CHECK_DIR, 'config.yaml');
const KUBECTL = process.env.KUBECTL || 'kubectl';
const VERBOSE = process.env.CHECK_VERBOSE === '1';

let passed = 0;
let failed = 0;

function report(ok, label, detail, problems = []) {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}${detail ? ` -- ${detail}` : ''}`);
  if (!ok || VERBOSE) for (const p of problems) console.log(`        ${p}`);
}

function render(target) {
  const dir = path.join(K8S_DIR, target);
  return new Promise((resolve) => {
    execFile(KUBECTL, ['kustomize', dir], { timeout: 60000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) { resolve({ error: (stderr || err.message).trim() }); return; }
      try {
        resolve({ objects: yaml.loadAll(stdout).filter((d) => d !== null && d !== undefined), warnings: stderr.trim() });
      } catch (e) {
        resolve({ error: `output is not YAML: ${e.message}` });
      }
    });
  });
}

function runChecks(objects, ctx) {
  const results = [];
  for (const [id, title, fn] of CHECKS) {
    let problems;
    try {
      problems = fn(objects, ctx);
    } catch (e) {
      problems = [`checker error: ${e.stack || e.message}`];
    }
    results.push({ id, title, problems });
  }
  return results;
}

function readFixture(file) {
  const text = fs.readFileSync(file, 'utf8');
  const header = (name) => {
    const m = new RegExp(`^#\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(text);
    return m ? m[1] : undefined;
  };
  return {
    objects: yaml.loadAll(text).filter((d) => d !== null && d !== undefined),
    expectCheck: header('expect-check'),
    expectMessage: header('expect-message'),
  };
}

function listYaml(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

async function main() {
  const started = Date.now();
  const config = yaml.load(fs.readFileSync(CONFIG_FILE, 'utf8'));
  const configName = path.relative(REPO_DIR, CONFIG_FILE);

  let validator;
  try {
    validator = new SchemaValidator({ swaggerFile: SWAGGER, crdFiles: CRDS });
    report(true, 'schemas', `loaded ${validator.kinds.size} kinds from ${SCHEMA_DIR} (${validator.celRules} CRD CEL rules are not evaluated)`);
  } catch (e) {
    report(false, 'schemas', `cannot load schemas from ${SCHEMA_DIR} (set NEWSROOM_SCHEMA_DIR)`, [e.message]);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(1);
  }

  // Rendering the targets is the slow part: run the kubectl processes side by side.
  const targets = config.targets || [];
  const renders = await Promise.all(targets.map((t) => render(t.path)));

  targets.forEach((target, i) => {
    const r = renders[i];
    const label = `k8s/${target.path}`;
    if (r.error) {
      report(false, `${label}: render`, 'kubectl kustomize failed', r.error.split('\n'));
      return;
    }
    const ok = r.objects.length > 0 && !r.warnings;
    report(ok, `${label}: render`, `${r.objects.length} objects`, [
      ...(r.warnings ? r.warnings.split('\n').map((w) => `kustomize warning: ${w}`) : []),
      ...(r.objects.length === 0 ? ['render is empty'] : []),
    ]);
    const ctx = { validator, config, configName, options: target };
    for (const res of runChecks(r.objects, ctx)) {
      report(res.problems.length === 0, `${label}: ${res.id}`, res.problems.length === 0 ? res.title : `${res.problems.length} problem(s)`, res.problems);
    }
  });

  const fixtureOptions = config.fixtures || {};
  for (const file of listYaml(path.join(CHECK_DIR, 'fixtures', 'valid'))) {
    const label = `fixture ${path.relative(CHECK_DIR, file)}`;
    let fx;
    try { fx = readFixture(file); } catch (e) { report(false, label, 'cannot be read', [e.message]); continue; }
    const failing = runChecks(fx.objects, { validator, config, configName, options: fixtureOptions }).filter((r) => r.problems.length > 0);
    report(failing.length === 0, label, failing.length === 0 ? `accepted (${fx.objects.length} objects)` : 'should be accepted but was rejected',
      failing.flatMap((r) => r.problems.map((p) => `${r.id}: ${p}`)));
  }

  const broken = listYaml(path.join(CHECK_DIR, 'fixtures', 'broken'));
  if (broken.length === 0) report(false, 'fixtures/broken', 'no broken fixtures found');
  for (const file of broken) {
    const label = `fixture ${path.relative(CHECK_DIR, file)}`;
    let fx;
    try { fx = readFixture(file); } catch (e) { report(false, label, 'cannot be read', [e.message]); continue; }
    if (!fx.expectCheck || !fx.expectMessage) {
      report(false, label, 'header needs "# expect-check: <check>" and "# expect-message: <text>"');
      continue;
    }
    const failing = runChecks(fx.objects, { validator, config, configName, options: fixtureOptions }).filter((r) => r.problems.length > 0);
    const expected = failing.find((r) => r.id === fx.expectCheck);
    const hit = expected && expected.problems.find((p) => p.includes(fx.expectMessage));
    const others = failing.filter((r) => r.id !== fx.expectCheck);
    if (hit && others.length === 0) {
      report(true, label, `rejected by ${fx.expectCheck}: ${hit}`);
    } else if (failing.length === 0) {
      report(false, label, `was accepted, expected ${fx.expectCheck} to reject it with "${fx.expectMessage}"`);
    } else {
      // Rejected, but not (only) for the defect it is meant to show.
      report(false, label, `expected only ${fx.expectCheck} to reject it with "${fx.expectMessage}"`,
        failing.flatMap((r) => r.problems.map((p) => `${r.id}: ${p}`)));
    }
  }

  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e.stack || String(e));
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});

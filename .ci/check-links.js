#!/usr/bin/env node
'use strict';
// Fails when a relative link in README.md, docs/ or a folder's README.md names a file or folder
// that does not exist, or a #section of a Markdown file that has no such heading. Offline: links
// with a scheme (https:, mailto:) are skipped. Usage: node .ci/check-links.js [repository directory]

const fs = require('fs');
const path = require('path');

const root = path.resolve(process.argv[2] || path.join(__dirname, '..'));

function markdownFiles() {
  const files = [path.join(root, 'README.md')];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) files.push(full);
    }
  };
  walk(path.join(root, 'docs'));
  for (const folder of ['bench', 'k8s', 'web', 'container', 'third_party/schemas']) {
    for (const name of ['README.md', 'NOTICE.md']) {
      const file = path.join(root, folder, name);
      if (fs.existsSync(file)) files.push(file);
    }
  }
  return files;
}

function withoutCodeBlocks(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

// The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens,
// "-1", "-2", ... for repeated headings.
function headingAnchors(file) {
  const anchors = new Set();
  const seen = new Map();
  for (const m of withoutCodeBlocks(fs.readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const n = seen.get(base) || 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

// Inline links [text](target "title") and reference definitions [label]: target, outside code.
function linkTargets(text) {
  const prose = withoutCodeBlocks(text).replace(/`[^`\n]*`/g, '');
  const targets = [];
  const inline = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  const reference = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/gm;
  for (const re of [inline, reference]) {
    let m;
    while ((m = re.exec(prose)) !== null) targets.push(m[1]);
  }
  return targets;
}

let broken = 0;
let checked = 0;
for (const file of markdownFiles()) {
  for (const target of linkTargets(fs.readFileSync(file, 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [filePart, anchor] = target.split('#');
    const relative = decodeURIComponent(filePart.split('?')[0]);
    const resolved = relative === '' ? file
      : relative.startsWith('/') ? path.join(root, relative) : path.resolve(path.dirname(file), relative);
    checked += 1;
    let problem;
    if (!fs.existsSync(resolved)) problem = 'no such file';
    else if (anchor && resolved.endsWith('.md') && !headingAnchors(resolved).has(decodeURIComponent(anchor).toLowerCase())) {
      problem = 'no such heading';
    }
    if (problem) {
      broken += 1;
      console.log(`${path.relative(root, file)}: broken link ${target} (${problem})`);
    }
  }
}
console.log(`${checked} relative links checked, ${broken} broken`);
process.exit(broken === 0 ? 0 : 1);

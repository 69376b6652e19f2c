#!/usr/bin/env node
// Summarizes a V8 CPU profile of a lint run (`node bench/run.mjs --cpu-prof` writes them to bench/out/profiles):
//   node bench/profile-summary.mjs <file.cpuprofile> [--top=25] [--match=/dist/]
// Prints: the time with this plugin's code (files whose path contains --match) on the stack, split by where the
// leaf frame is (our code, TypeScript, other); our functions by inclusive and by self time; and, under our
// code, the TypeScript functions that took the time.
import * as fs from 'node:fs';
import * as path from 'node:path';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));
const top = Number(args.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 25);
// Default: any dist/ outside node_modules (the benchmark lints with a snapshot of dist/ in bench/out/plugin).
const match = args.find((arg) => arg.startsWith('--match='))?.slice(8);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top=25] [--match=/dist/]');
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const shortUrl = (url) => {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const nodeModules = clean.lastIndexOf('/node_modules/');
  if (nodeModules !== -1) return clean.slice(nodeModules + '/node_modules/'.length);
  const dist = clean.indexOf('/dist/');
  return dist !== -1 ? clean.slice(dist + 1) : path.basename(clean);
};
const frameName = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${shortUrl(url)}:${functionName || '(anonymous)'}:${lineNumber + 1}`;
};
const isOurs = (node) =>
  match ? node.callFrame.url.includes(match) : node.callFrame.url.includes('/dist/') && !node.callFrame.url.includes('/node_modules/');
const isTypeScript = (node) => node.callFrame.url.includes('/node_modules/typescript/');

const selfMs = new Map();
const inclusiveOurs = new Map();
const underOursLeaf = new Map();
let totalMs = 0;
let oursOnStackMs = 0;
const oursOnStackByLeaf = { ours: 0, typescript: 0, other: 0 };

const { samples, timeDeltas } = profile;
for (let index = 0; index < samples.length; index++) {
  const ms = (timeDeltas[index] ?? 0) / 1000;
  totalMs += ms;
  const leaf = byId.get(samples[index]);
  const leafName = frameName(leaf);
  selfMs.set(leafName, (selfMs.get(leafName) ?? 0) + ms);
  const seen = new Set();
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const node = byId.get(id);
    if (isOurs(node)) seen.add(frameName(node));
  }
  if (seen.size > 0) {
    oursOnStackMs += ms;
    const kind = isOurs(leaf) ? 'ours' : isTypeScript(leaf) ? 'typescript' : 'other';
    oursOnStackByLeaf[kind] += ms;
    if (kind !== 'ours') underOursLeaf.set(leafName, (underOursLeaf.get(leafName) ?? 0) + ms);
    for (const name of seen) inclusiveOurs.set(name, (inclusiveOurs.get(name) ?? 0) + ms);
  }
}

const table = (title, map, count = top) => {
  console.log(`\n${title}`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${ms.toFixed(1).padStart(10)} ms  ${name}`);
  }
};

console.log(`${path.basename(file)}: ${totalMs.toFixed(0)} ms sampled`);
console.log(
  `this plugin's code on the stack: ${oursOnStackMs.toFixed(1)} ms (${((oursOnStackMs / totalMs) * 100).toFixed(2)}%)` +
    ` - leaf in our code ${oursOnStackByLeaf.ours.toFixed(1)} ms, in TypeScript ${oursOnStackByLeaf.typescript.toFixed(1)} ms,` +
    ` elsewhere ${oursOnStackByLeaf.other.toFixed(1)} ms`,
);
table('Our functions, inclusive time:', inclusiveOurs);
table('Our functions, self time:', new Map([...selfMs].filter(([name]) => name.startsWith('dist/'))));
table('Leaf functions (not ours) while our code is on the stack:', underOursLeaf);
table('Whole run, self time:', selfMs, 15);

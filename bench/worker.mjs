#!/usr/bin/env node
// One measured lint of one code base, in a process of its own (fresh module state, its own peak memory):
//   node bench/worker.mjs <codeBaseDir> [all|ours|references]
// Prints the result of lintCodeBase() as JSON, plus the process's peak resident set size.
// BENCH_DIST=<dir> lints with another build of the plugin (e.g. a patched copy) instead of this repository's dist/.
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

import { lintCodeBase } from './lint.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/worker.mjs <codeBaseDir>');
  process.exit(2);
}

// Peak heap, sampled (maxRSS below is the kernel's exact peak of the whole process).
let peakHeapUsed = 0;
const sampler = setInterval(() => {
  peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
}, 250);
sampler.unref();

// Garbage collection pauses (they land in whichever rule or parse happens to be running).
let gcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });

// CPU time next to wall time: on a busy machine the wall-clock stats stretch while the CPU time does not.
const cpuBefore = process.cpuUsage();
const result = await lintCodeBase(path.resolve(dir), { ruleSet: process.argv[3] ?? 'all', distDir: process.env.BENCH_DIST || undefined });
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
for (const entry of gcObserver.takeRecords()) gcMs += entry.duration;
gcObserver.disconnect();
peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
const memory = {
  // resourceUsage().maxRSS is in kilobytes.
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  peakHeapUsedMB: Math.round(peakHeapUsed / 1024 / 1024),
};
const runtime = { cpuMs: Math.round((cpu.user + cpu.system) / 1000), gcMs: Math.round(gcMs) };
process.stdout.write(`${JSON.stringify({ ...result, memory, runtime })}\n`);

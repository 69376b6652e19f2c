// The end of a benchmark script: prints its checks, writes every number to a JSON file, and sets the exit code
// (0 when every check passed, 1 otherwise). Shared by bench/oxlint.mjs and bench/editor.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function finish(out, payload, checks) {
  console.log('');
  for (const check of checks) console.log(`${check.pass ? 'pass' : 'MISS'}  ${check.target}${check.value === undefined ? '' : `: ${check.value}`}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...payload, checks }, null, 2));
  process.exitCode = checks.every((check) => check.pass) ? 0 : 1;
}

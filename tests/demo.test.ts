/** `npm run demo` (after the build `npm test` runs first): both linters report exactly the example's markers. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

describe('demo', () => {
  it('lints the example with ESLint and oxlint and finds exactly the marked findings', () => {
    const run = spawnSync(process.execPath, [path.join(__dirname, '../scripts/demo.mjs')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('oxlint (.oxlintrc.json) reports the same findings, with the same messages.');
    expect(run.stdout).toMatch(/OK: the 15 `\/\/ ❌` markers were reported, by both linters/);
    expect(run.status).toBe(0);
  }, 60_000);
});

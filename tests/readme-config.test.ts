/**
 * The README's flat config, as written there, in a project laid out like `nest new` 12 with the plugin installed:
 * `npx eslint .` lints it, and after a build (`tsc`, which writes dist/*.js and dist/*.d.ts as `nest build` does)
 * gives the same messages, with no "…was not found by the project service" error on the build output.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createInstalledProject } from './oxlint-runner';
import { removeTypedProject } from './typed-project';

const repoRoot = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** The README's flat config: the ```js block that starts with `// eslint.config.mjs`. */
function readmeFlatConfig(): string {
  const match = /```js\n\/\/ eslint\.config\.mjs\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no ```js block starting with // eslint.config.mjs');
  return match[1];
}

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
}

function eslintDot(dir: string): { status: number | null; messages: string[] } {
  const eslintBin = path.join(repoRoot, 'node_modules/eslint/bin/eslint.js');
  const run = spawnSync(process.execPath, [eslintBin, '-f', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  const results = JSON.parse(run.stdout) as { filePath: string; messages: LintMessage[] }[];
  const messages = results.flatMap((result) =>
    result.messages.map((message) => `${path.relative(dir, result.filePath)}:${String(message.line)} ${message.ruleId ?? '(fatal)'} ${message.message}`),
  );
  return { status: run.status, messages: messages.sort() };
}

describe("the README's flat config in a `nest new` 12 project", () => {
  const dir = createInstalledProject('readme-config', path.join(__dirname, 'fixtures/nest12-oxlint'));
  afterAll(() => {
    removeTypedProject(dir);
  });
  fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), readmeFlatConfig());

  it('lints the project, and after a build reports the same, with no error on dist/', () => {
    const before = eslintDot(dir);
    expect(before.messages.filter((message) => message.includes('nestjs-microservices/')).length).toBeGreaterThan(0);
    expect(before.messages.filter((message) => message.includes('(fatal)'))).toEqual([]);
    expect(before.status).toBe(1);

    const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe('');
    expect(fs.readdirSync(path.join(dir, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.d.ts')).length).toBeGreaterThan(3);

    const after = eslintDot(dir);
    expect(after.messages).toEqual(before.messages);
    expect(after.status).toBe(1);
  }, 120_000);
});

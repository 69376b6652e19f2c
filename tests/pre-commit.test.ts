/**
 * The pre-commit hooks the README documents, run for real: a temporary Git repository holding a small NestJS project
 * (scripts/smoke-pack.mjs's project, with the packed plugin and real peers from the registry) and the README's
 * flat config. The README's plain Git hook script becomes .git/hooks/pre-commit: a commit with an unhandled emit()
 * before a state change is refused with the finding shown, the fixed commit goes through. The hook of
 * .pre-commit-hooks.yaml (its entry and args) is run against the same code with the project's ESLint, and with the
 * ESLint installed the way pre-commit's `language: node` installs it (`npm install -g` of the package and its
 * additional_dependencies into an environment of its own, NODE_PATH pointing there). pre-commit installs the package
 * from Git, where dist/ is not committed: the environment's copy has its dist/ removed, so the run shows that the
 * project's eslint.config.mjs gets the plugin from the project's node_modules.
 *
 * The Python pre-commit tool itself is not run (it is not installable here): .pre-commit-hooks.yaml is checked with a
 * small reader for its flat structure and against the keys pre-commit's manifest schema allows.
 *
 * Needs a built dist/ (`npm test` builds first), git, and the npm registry unless the shared npm cache is warm.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The parts of scripts/smoke-pack.mjs used here (a plain .mjs file without type declarations). */
interface SmokeModule {
  packPlugin: (destination: string) => Promise<string>;
  writeProject: (projectDir: string, options?: SmokeOptions) => void;
  installProject: (projectDir: string, tarball: string, options?: SmokeOptions) => Promise<unknown>;
  npmInstallFlags: (options?: SmokeOptions) => string[];
  cleanEnv: (extra?: Record<string, string>) => Record<string, string | undefined>;
  DEFAULT_NPM_CACHE: string;
}

interface SmokeOptions {
  cache?: string;
}

interface Hook {
  [key: string]: string | boolean | number | string[] | undefined;
  id: string;
  name: string;
  entry: string;
  language: string;
}

interface CommandResult {
  status: number | null;
  output: string;
}

const repoRoot = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const hooksFile = fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');

const PLUGIN_RULE = 'nestjs-microservices/no-unawaited-emit';
const COMMAND_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------------------------
// A reader for the YAML subset of .pre-commit-hooks.yaml: a list of flat mappings whose values are scalars or flow
// or block lists of scalars. Anything else (nesting, anchors, multi-line scalars, flow mappings) is an error, so a
// hook file this reader cannot read fails the test instead of being misread.

function parseScalar(raw: string, where: string): string | boolean | number {
  const text = raw.trim();
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new Error(`${where}: bad single-quoted scalar ${text}`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\["\\])*"$/.test(text)) throw new Error(`${where}: unsupported double-quoted scalar ${text}`);
    return text.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  if (text === '' || /^[[\]{}&*!|>%@`]/.test(text) || text.includes(': ') || text.includes(' #')) {
    throw new Error(`${where}: unsupported plain scalar "${text}"`);
  }
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[-+]?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function parseFlowList(raw: string, where: string): (string | boolean | number)[] {
  const inner = raw.trim().slice(1, -1);
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const char of inner) {
    if (quote) {
      current += char;
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      current += char;
      quote = char;
    } else if (char === ',') {
      items.push(current);
      current = '';
    } else if ('[]{}'.includes(char)) {
      throw new Error(`${where}: nested flow collections are not supported`);
    } else {
      current += char;
    }
  }
  if (quote) throw new Error(`${where}: unterminated quote`);
  if (current.trim() !== '') items.push(current);
  return items.map((item) => parseScalar(item, where));
}

/** Drops a comment: `#` at the start of the content or after a space, outside quotes. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
      return line.slice(0, index);
    }
  }
  return line;
}

function parseHooksYaml(text: string): Record<string, unknown>[] {
  const hooks: Record<string, unknown>[] = [];
  let current: Record<string, unknown> | undefined;
  let openList: unknown[] | undefined;
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const where = `.pre-commit-hooks.yaml:${String(index + 1)}`;
    const line = stripComment(rawLine).trimEnd();
    if (line.trim() === '') return;
    if (line.includes('\t')) throw new Error(`${where}: tabs are not allowed in YAML indentation`);
    const listItem = /^ {4}- (.*)$/.exec(line);
    if (listItem && openList) {
      openList.push(parseScalar(listItem[1] ?? '', where));
      return;
    }
    const entry = /^(- |  )([A-Za-z_]+):(?: (.*))?$/.exec(line);
    if (!entry) throw new Error(`${where}: unsupported line "${line}"`);
    const [, prefix, key = '', value] = entry;
    if (prefix === '- ') {
      current = {};
      hooks.push(current);
    }
    if (!current) throw new Error(`${where}: a key before the first "- "`);
    if (Object.hasOwn(current, key)) throw new Error(`${where}: duplicate key ${key}`);
    openList = undefined;
    if (value === undefined || value.trim() === '') {
      openList = [];
      current[key] = openList;
    } else if (value.trim().startsWith('[')) {
      if (!value.trim().endsWith(']')) throw new Error(`${where}: multi-line flow lists are not supported`);
      current[key] = parseFlowList(value, where);
    } else {
      current[key] = parseScalar(value, where);
    }
  });
  return hooks;
}

/** The keys of a hook in pre-commit's manifest schema (pre_commit/clientlib.py, MANIFEST_HOOK_DICT). */
const MANIFEST_KEYS = new Set([
  'minimum_pre_commit_version',
  'id',
  'name',
  'entry',
  'language',
  'alias',
  'files',
  'exclude',
  'types',
  'types_or',
  'exclude_types',
  'additional_dependencies',
  'args',
  'always_run',
  'fail_fast',
  'pass_filenames',
  'description',
  'language_version',
  'log_file',
  'require_serial',
  'stages',
  'verbose',
]);
const STRING_LIST_KEYS = ['args', 'additional_dependencies', 'types', 'types_or', 'exclude_types', 'stages'];
const BOOLEAN_KEYS = ['always_run', 'fail_fast', 'pass_filenames', 'require_serial', 'verbose'];

const stringList = (value: unknown): string[] => {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`expected a list of strings, got ${JSON.stringify(value)}`);
  }
  return value;
};

function readHook(): Hook {
  const hooks = parseHooksYaml(hooksFile);
  const [hook] = hooks;
  if (hooks.length !== 1 || !hook) throw new Error(`expected exactly one hook, found ${String(hooks.length)}`);
  for (const key of ['id', 'name', 'entry', 'language']) {
    if (typeof hook[key] !== 'string') throw new Error(`the hook's ${key} must be a string`);
  }
  return hook as Hook;
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

/** Runs a command without a shell; resolves with its exit status and its stdout and stderr together. */
function exec(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

async function mustSucceed(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await exec(command, args, cwd, env);
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` exited with ${String(result.status)}:\n${result.output.slice(-4000)}`);
  }
  return result.output;
}

// ---------------------------------------------------------------------------------------------------------------
// What the README documents

/** The README's plain Git hook: the ```sh block starting with #!/bin/sh. */
function readmeHookScript(): string {
  const match = /```sh\n(#!\/bin\/sh\n[\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no ```sh block starting with #!/bin/sh (the plain Git hook)');
  return match[1];
}

/** The README's flat config, plus ignores for generated code (to see that an ignored staged file does not block). */
const ESLINT_CONFIG = `import { defineConfig, globalIgnores } from 'eslint/config';
import nestjsMicroservices from 'eslint-plugin-nestjs-microservices';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['src/generated/']),
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  nestjsMicroservices.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
`;

const REMINDERS_FILE = 'src/reminders.service.ts';

/** An emit() nobody waits for, and then a state change as if the event had been delivered. */
const REMINDERS_BAD = `import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';

import { BILLING_CLIENT } from './patterns.js';

export interface Reminder {
  invoiceId: string;
  sent: boolean;
}

@Injectable()
export class RemindersService {
  constructor(@Inject(BILLING_CLIENT) private readonly client: ClientProxy) {}

  remind(reminder: Reminder): void {
    this.client.emit('billing.reminder-sent', { invoiceId: reminder.invoiceId });
    reminder.sent = true;
  }
}
`;

const REMINDERS_GOOD = REMINDERS_BAD.replace(
  "import { ClientProxy } from '@nestjs/microservices';\n",
  "import { ClientProxy } from '@nestjs/microservices';\nimport { lastValueFrom } from 'rxjs';\n",
).replace(
  `  remind(reminder: Reminder): void {
    this.client.emit('billing.reminder-sent', { invoiceId: reminder.invoiceId });`,
  `  async remind(reminder: Reminder): Promise<void> {
    await lastValueFrom(this.client.emit('billing.reminder-sent', { invoiceId: reminder.invoiceId }));`,
);

/** Generated code the config ignores, with a finding that would block the commit if it were linted. */
const GENERATED_FILE = 'src/generated/billing-client.ts';
const GENERATED = REMINDERS_BAD.replace("'./patterns.js'", "'../patterns.js'").replace('RemindersService', 'GeneratedRemindersClient');

// ---------------------------------------------------------------------------------------------------------------

describe('.pre-commit-hooks.yaml', () => {
  it('is one hook, nestjs-microservices, that pre-commit can read', () => {
    const hook = readHook();
    for (const key of Object.keys(hook)) expect(MANIFEST_KEYS, `unknown key ${key}`).toContain(key);
    for (const key of STRING_LIST_KEYS) if (key in hook) stringList(hook[key]);
    for (const key of BOOLEAN_KEYS) if (key in hook) expect(typeof hook[key], key).toBe('boolean');
    expect(hook.id).toBe('nestjs-microservices');
    expect(hook.language).toBe('node');
    expect(hook.entry).toBe('eslint');
    expect(hook.require_serial).toBe(true);
    // pre-commit wants every arg as a string: an unquoted 0 would be a number and fail its schema.
    expect(stringList(hook.args)).toEqual(['--max-warnings', '0', '--no-warn-ignored']);
  });

  it('selects TypeScript files, including .mts and .cts', () => {
    const { files } = readHook();
    if (typeof files !== 'string') throw new Error('the hook has no files pattern');
    const pattern = new RegExp(files); // pre-commit applies it with Python's re.search: the same for this pattern
    for (const file of ['src/main.ts', 'src/app.tsx', 'lib/a.mts', 'lib/b.cts', 'src/nested/dir/x.service.ts']) {
      expect(pattern.test(file), file).toBe(true);
    }
    for (const file of ['eslint.config.mjs', 'src/a.js', 'src/a.ts.orig', 'README.md', 'tsconfig.json']) {
      expect(pattern.test(file), file).toBe(false);
    }
  });

  it('installs ESLint, typescript-eslint and TypeScript within the plugin’s peer ranges', () => {
    const dependencies = stringList(readHook().additional_dependencies);
    const names = dependencies.map((spec) => spec.replace(/^(@?[^@]+)@.*$/, '$1'));
    expect(names.sort()).toEqual(['eslint', 'typescript', 'typescript-eslint']);
    // The TypeScript range is the peer range's classic part, the one typescript-eslint accepts (the hook runs ESLint;
    // TypeScript 7 is for oxlint); the environment install below checks the rest with --strict-peer-deps.
    const classicRange = (manifest.peerDependencies.typescript ?? '').split(' || ')[0] ?? '';
    expect(classicRange).toBe('>=4.8.4 <6.1.0');
    expect(dependencies).toContain(`typescript@${classicRange}`);
  });

  it('is the command the README documents for lint-staged, a plain Git hook and a local pre-commit hook', () => {
    const hook = readHook();
    const command = [hook.entry, ...stringList(hook.args)].join(' ');
    expect(readme).toContain(`"*.{ts,tsx,mts,cts}": "${command}"`);
    expect(readmeHookScript()).toContain(`npx --no -- ${command}`);
    expect(readme).toContain(`entry: npx --no -- ${command}`);
    expect(readme).toContain(`id: ${hook.id}`);
    expect(readme).toContain(`files: ${String(hook.files)}`);
  });
});

describe.skipIf(process.platform === 'win32')('pre-commit hook in a Git repository with a NestJS project', () => {
  let workDir = '';
  let projectDir = '';
  let envDir = '';
  let gitEnv: NodeJS.ProcessEnv = {};
  let eslintEnv: NodeJS.ProcessEnv = {};
  let preCommitEnv: NodeJS.ProcessEnv = {};
  const timings: string[] = [];

  const git = (...args: string[]): Promise<CommandResult> => exec('git', args, projectDir, gitEnv);
  const commitCount = async (): Promise<number> => Number((await mustSucceed('git', ['rev-list', '--count', 'HEAD'], projectDir, gitEnv)).trim());
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
    fs.writeFileSync(path.join(projectDir, file), text);
  };
  const timed = async <T>(label: string, action: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await action();
    } finally {
      timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
      throw new Error('dist/index.js is missing: run `npm run build` (or `npm test`, which builds first).');
    }
    const smoke = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'smoke-pack.mjs')).href)) as SmokeModule;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-ms-lint-pre-commit-'));
    projectDir = path.join(workDir, 'app');
    envDir = path.join(workDir, 'pre-commit-env');

    // Without the repository's own npm and Git context (npm test, or a Git hook running it, sets both).
    const baseEnv = Object.fromEntries(Object.entries(smoke.cleanEnv()).filter(([key]) => !key.startsWith('GIT_')));
    gitEnv = { ...baseEnv, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
    eslintEnv = { ...baseEnv, PATH: `${path.join(projectDir, 'node_modules', '.bin')}${path.delimiter}${baseEnv.PATH ?? ''}` };
    // What pre-commit's node language sets while a hook runs (pre_commit/languages/node.py, get_env_patch).
    preCommitEnv = {
      ...baseEnv,
      NODE_VIRTUAL_ENV: envDir,
      NPM_CONFIG_PREFIX: envDir,
      npm_config_prefix: envDir,
      NODE_PATH: path.join(envDir, 'lib', 'node_modules'),
      PATH: `${path.join(envDir, 'bin')}${path.delimiter}${baseEnv.PATH ?? ''}`,
    };

    const tarball = await timed('npm pack', () => smoke.packPlugin(path.join(workDir, 'pack')));
    const options = { cache: smoke.DEFAULT_NPM_CACHE };
    smoke.writeProject(projectDir, options);
    write('eslint.config.mjs', ESLINT_CONFIG);
    write('.gitignore', 'node_modules/\n');
    const additionalDependencies = stringList(readHook().additional_dependencies);
    fs.mkdirSync(envDir);
    await Promise.all([
      timed('npm install (project)', () => smoke.installProject(projectDir, tarball, options)),
      // pre-commit runs `npm install -g <this package> <additional_dependencies>` with the environment as prefix.
      // --strict-peer-deps: the additional dependencies must satisfy the plugin's peer ranges.
      timed('npm install -g (pre-commit environment)', () =>
        mustSucceed(
          'npm',
          ['install', '-g', '--prefix', envDir, '--strict-peer-deps', ...smoke.npmInstallFlags(options), tarball, ...additionalDependencies],
          workDir,
          baseEnv,
        ),
      ),
    ]);
    // As installed from Git by pre-commit: no build output (see the header).
    fs.rmSync(path.join(envDir, 'lib', 'node_modules', 'eslint-plugin-nestjs-microservices', 'dist'), { recursive: true });

    await mustSucceed('git', ['-c', 'init.defaultBranch=main', 'init', '-q'], projectDir, gitEnv);
    for (const [key, value] of [
      ['user.name', 'Pre-commit Test'],
      ['user.email', 'pre-commit-test@example.com'],
      ['commit.gpgsign', 'false'],
      // A global core.hooksPath (husky sets one per repository, some users globally) would bypass .git/hooks.
      ['core.hooksPath', '.git/hooks'],
    ] as const) {
      await mustSucceed('git', ['config', key, value], projectDir, gitEnv);
    }
    // The existing code base, findings included: the hook lints what is staged, not what is already committed.
    await mustSucceed('git', ['add', '-A'], projectDir, gitEnv);
    await mustSucceed('git', ['commit', '-q', '--no-verify', '-m', 'Existing code base'], projectDir, gitEnv);
    const hookPath = path.join(projectDir, '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hookPath, readmeHookScript());
    fs.chmodSync(hookPath, 0o755);
  }, 600_000);

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    if (timings.length > 0) console.log(`pre-commit test: ${timings.join(', ')}`);
  });

  it('refuses a commit with an unhandled emit, showing the finding, and takes the fixed one', async () => {
    expect(await commitCount()).toBe(1);

    write(REMINDERS_FILE, REMINDERS_BAD);
    await mustSucceed('git', ['add', REMINDERS_FILE], projectDir, gitEnv);
    const refused = await timed('git commit (refused)', () => git('commit', '-m', 'Send payment reminders'));
    expect(refused.status, refused.output).not.toBe(0);
    expect(refused.output).toContain(REMINDERS_FILE);
    expect(refused.output).toContain(PLUGIN_RULE);
    expect(refused.output).toMatch(/`emit\('billing\.reminder-sent'\)` is not awaited/);
    expect(refused.output).toContain('reminder.sent = true');
    expect(await commitCount(), 'the refused commit must not exist').toBe(1);

    write(REMINDERS_FILE, REMINDERS_GOOD);
    // Ignored by the ESLint config: --no-warn-ignored keeps it from failing --max-warnings 0.
    write(GENERATED_FILE, GENERATED);
    await mustSucceed('git', ['add', REMINDERS_FILE, GENERATED_FILE], projectDir, gitEnv);
    const accepted = await timed('git commit (accepted)', () => git('commit', '-m', 'Send payment reminders'));
    expect(accepted.status, accepted.output).toBe(0);
    expect(await commitCount()).toBe(2);

    // No staged TypeScript file: the hook does not start npx at all (an npx that fails is first on the PATH).
    const fakeBin = path.join(workDir, 'fake-bin');
    fs.mkdirSync(fakeBin, { recursive: true });
    fs.writeFileSync(path.join(fakeBin, 'npx'), '#!/bin/sh\necho "npx must not run" >&2\nexit 1\n', { mode: 0o755 });
    write('README.md', '# Billing\n');
    fs.rmSync(path.join(projectDir, GENERATED_FILE)); // a deleted TypeScript file is not linted either
    await mustSucceed('git', ['add', '-A', 'README.md', GENERATED_FILE], projectDir, gitEnv);
    const withoutTypeScript = await exec('git', ['commit', '-m', 'Readme'], projectDir, {
      ...gitEnv,
      PATH: `${fakeBin}${path.delimiter}${gitEnv.PATH ?? ''}`,
    });
    expect(withoutTypeScript.status, withoutTypeScript.output).toBe(0);
    expect(await commitCount()).toBe(3);
  }, 300_000);

  it('fails the hook of .pre-commit-hooks.yaml on the finding, with the project’s ESLint and in pre-commit’s environment', async () => {
    const hook = readHook();
    const args = stringList(hook.args);
    // Files of their own, untracked: this test does not depend on the commits above.
    const file = 'src/reminders-check.service.ts';
    const fixedFile = 'src/reminders-fixed.service.ts';
    const ignoredFile = 'src/generated/check-client.ts';
    write(file, REMINDERS_BAD.replace('RemindersService', 'RemindersCheckService'));
    write(fixedFile, REMINDERS_GOOD.replace('RemindersService', 'RemindersFixedService'));
    write(ignoredFile, GENERATED.replace('GeneratedRemindersClient', 'CheckClient'));
    try {
      for (const [label, env] of [
        ['project ESLint', eslintEnv],
        ['pre-commit environment', preCommitEnv],
      ] as const) {
        const result = await timed(`hook entry (${label})`, () => exec(hook.entry, [...args, file, ignoredFile], projectDir, env));
        expect(result.status, `${label}:\n${result.output}`).toBe(1);
        expect(result.output, label).toContain(PLUGIN_RULE);
        expect(result.output, label).toContain(file);
        expect(result.output, label).not.toContain('File ignored');
      }
      // The ESLint that ran in the environment is the environment's own, not the project's.
      const version = await exec('eslint', ['--version'], projectDir, preCommitEnv);
      const envEslint = JSON.parse(fs.readFileSync(path.join(envDir, 'lib', 'node_modules', 'eslint', 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(version.output.trim()).toBe(`v${envEslint.version}`);
      const clean = await timed('hook entry (pre-commit environment, fixed file)', () =>
        exec(hook.entry, [...args, fixedFile, ignoredFile], projectDir, preCommitEnv),
      );
      expect(clean.status, clean.output).toBe(0);
    } finally {
      for (const created of [file, fixedFile, ignoredFile]) fs.rmSync(path.join(projectDir, created), { force: true });
    }
  }, 300_000);
});

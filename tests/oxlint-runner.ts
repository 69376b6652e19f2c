/**
 * Runs the real `oxlint` binary (the devDependency, with `oxlint-tsgolint` for `--type-aware`) and ESLint on the
 * same folder, and puts their findings in one shape, so tests can assert that both linters report the same thing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { ESLint } from 'eslint';

const repoRoot = path.join(__dirname, '..');
const oxlintBin = path.join(repoRoot, 'node_modules/oxlint/bin/oxlint');

/** One finding, as both linters can report it: 1-based lines and columns, the end exclusive as in ESLint. */
export interface Finding {
  readonly file: string;
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

export interface OxlintRun {
  readonly status: number | null;
  readonly findings: Finding[];
  readonly stderr: string;
}

interface OxlintDiagnostic {
  message: string;
  code?: string;
  filename: string;
  labels: { span: { offset: number; length: number; line: number; column: number } }[];
}

/** 1-based line and column of a UTF-16 offset in `text`. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** oxlint reports byte offsets into the UTF-8 file; ESLint, UTF-16 positions. */
function toFinding(cwd: string, diagnostic: OxlintDiagnostic): Finding {
  const file = path.resolve(cwd, diagnostic.filename);
  const bytes = fs.readFileSync(file);
  const span = diagnostic.labels[0]?.span ?? { offset: 0, length: 0 };
  const text = bytes.toString('utf8');
  const start = bytes.subarray(0, span.offset).toString('utf8').length;
  const end = bytes.subarray(0, span.offset + span.length).toString('utf8').length;
  const from = positionAt(text, start);
  const to = positionAt(text, end);
  // `nestjs-microservices(no-unawaited-emit)` → `nestjs-microservices/no-unawaited-emit`
  const ruleId = (diagnostic.code ?? '').replace(/^(.*)\((.*)\)$/, '$1/$2');
  return { file, ruleId, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, message: diagnostic.message };
}

/** `oxlint -f json <args>` in `cwd`, with the `.oxlintrc.json` found there. */
export function runOxlint(cwd: string, args: readonly string[]): OxlintRun {
  const result = spawnSync(process.execPath, [oxlintBin, '-f', 'json', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  const { diagnostics } = JSON.parse(json) as { diagnostics: OxlintDiagnostic[] };
  return { status: result.status, findings: sortFindings(diagnostics.map((diagnostic) => toFinding(cwd, diagnostic))), stderr: result.stderr };
}

export function eslintFindings(results: readonly ESLint.LintResult[]): Finding[] {
  return sortFindings(
    results.flatMap((result) =>
      result.messages.map((message) => ({
        file: result.filePath,
        ruleId: message.ruleId ?? '(fatal)',
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? message.line,
        endColumn: message.endColumn ?? message.column,
        message: message.message,
      })),
    ),
  );
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

/**
 * A copy of `sourceDir` in the system temp directory, laid out as an installed project: its `node_modules` holds
 * this repository's dependencies and this package itself (as `npm i -D eslint-plugin-nestjs-microservices` would),
 * so that `.oxlintrc.json` names the plugin by its package name. With `typescript: 'v6'`, the project's
 * `typescript` is TypeScript 6.0 (the devDependency `typescript-v6`) and the package is a copy of `package.json`
 * and `dist/`, so that it loads the project's TypeScript, as an installed package does (a symlink would resolve
 * this repository's own TypeScript 5.9).
 */
export function createInstalledProject(prefix: string, sourceDir: string, { typescript = 'repo' }: { typescript?: 'repo' | 'v6' } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nestjs-microservices-${prefix}-`));
  fs.cpSync(sourceDir, dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
    const target = typescript === 'v6' && entry === 'typescript' ? 'typescript-v6' : entry;
    fs.symlinkSync(path.join(repoRoot, 'node_modules', target), path.join(modules, entry), 'dir');
  }
  const installed = path.join(modules, 'eslint-plugin-nestjs-microservices');
  if (typescript === 'v6') {
    for (const entry of ['package.json', 'dist', 'oxlint']) fs.cpSync(path.join(repoRoot, entry), path.join(installed, entry), { recursive: true });
  } else {
    fs.symlinkSync(repoRoot, installed, 'dir');
  }
  return dir;
}

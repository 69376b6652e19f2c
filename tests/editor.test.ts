/**
 * The plugin in an editor under oxlint: oxlint's own language server (`oxlint --lsp`, the pinned oxlint) driven over
 * stdio as VS Code drives it, on the example app. Whatever happened before (edits, changes on disk only, files
 * closed without saving, files added or deleted), a file's findings must equal what a fresh `oxlint` CLI run gives
 * on the disk state, with that file's own unsaved text. The server lints only the document that changed and is
 * never told that other files changed on disk, so the plugin's program must look at the disk itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index';
import type { LspDiagnostic } from './lsp-client';
import { applyEdits, editsFor, LspClient } from './lsp-client';
import type { Finding } from './oxlint-runner';
import { createInstalledProject, runOxlint } from './oxlint-runner';
import { createTypedEslint, removeTypedProject } from './typed-project';

const repoRoot = path.join(__dirname, '..');
const exampleDir = path.join(repoRoot, 'examples/orders-service');
const oxlintBin = path.join(repoRoot, 'node_modules/oxlint/bin/oxlint');
const PLUGIN_RULE = /^nestjs-microservices\//;

const EVENT_HANDLER = '@EventPattern(Topics.OrderShipped)';
const MESSAGE_HANDLER = '@MessagePattern(Topics.OrderShipped)';

describe('oxlint --lsp: findings follow every file of the program', () => {
  let dir = '';
  let client: LspClient;
  const file = (name: string): string => path.join(dir, 'src', name);
  const uri = (name: string): string => pathToFileURL(file(name)).href;
  const read = (name: string): string => fs.readFileSync(file(name), 'utf8');

  /** The server's diagnostics in the CLI runner's shape (1-based lines and columns), the plugin's only. */
  const ours = (name: string, diagnostics: readonly LspDiagnostic[]): Finding[] =>
    diagnostics
      .map((diagnostic) => ({
        file: file(name),
        ruleId: String(diagnostic.code ?? '').replace(/^(.*)\((.*)\)$/, '$1/$2'),
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
        message: diagnostic.message,
      }))
      .filter((finding) => PLUGIN_RULE.test(finding.ruleId))
      .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));

  /** A fresh CLI run on the disk state, the plugin's findings in one file. */
  const cli = (name: string): Finding[] =>
    runOxlint(dir, [path.join('src', name)])
      .findings.filter((finding) => PLUGIN_RULE.test(finding.ruleId) && finding.file === file(name))
      .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));

  const preferEmit = (findings: readonly Finding[]): number => findings.filter((finding) => finding.ruleId.endsWith('/prefer-emit-for-events')).length;

  beforeAll(async () => {
    dir = createInstalledProject('lsp', exampleDir, { typescript: 'v6' });
    fs.rmSync(path.join(dir, 'eslint.config.mjs'));
    fs.writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify({ extends: ['./node_modules/eslint-plugin-nestjs-microservices/oxlint/strict.json'] }));
    client = new LspClient(process.execPath, [oxlintBin, '--lsp'], dir);
    await client.initialize(dir, [{ workspaceUri: pathToFileURL(dir).href, options: { run: 'onType', typeAware: false } }]);
  }, 60_000);

  afterAll(async () => {
    await client.shutdown();
    removeTypedProject(dir);
  });

  it('an opened file: the findings of the CLI, the cross-file ones included', async () => {
    const diagnostics = await client.open(uri('shipping.service.ts'), read('shipping.service.ts'));
    const findings = ours('shipping.service.ts', diagnostics);
    expect(findings).toEqual(cli('shipping.service.ts'));
    // `send` to a pattern that only an @EventPattern handler (orders.controller.ts) serves.
    expect(preferEmit(findings)).toBe(1);
  }, 120_000);

  it('another file changed on disk only: the next edit of the open file sees it, and so does closing and reopening it', async () => {
    const controller = read('orders.controller.ts');
    fs.writeFileSync(file('orders.controller.ts'), controller.replace(EVENT_HANDLER, MESSAGE_HANDLER));
    const service = read('shipping.service.ts');
    // An edit that moves nothing: a comment at the end.
    const edited = ours('shipping.service.ts', await client.change(uri('shipping.service.ts'), `${service}// edited\n`));
    expect(preferEmit(edited)).toBe(0);
    expect(edited).toEqual(cli('shipping.service.ts'));

    client.close(uri('shipping.service.ts'));
    const reopened = ours('shipping.service.ts', await client.open(uri('shipping.service.ts'), service));
    expect(reopened).toEqual(cli('shipping.service.ts'));
    fs.writeFileSync(file('orders.controller.ts'), controller);
    const restored = ours('shipping.service.ts', await client.change(uri('shipping.service.ts'), service));
    expect(preferEmit(restored)).toBe(1);
    expect(restored).toEqual(cli('shipping.service.ts'));
  }, 120_000);

  it('another open file’s unsaved text is not what a fresh run sees; once it is closed without saving, the disk state holds', async () => {
    const controller = read('orders.controller.ts');
    await client.open(uri('orders.controller.ts'), controller);
    await client.change(uri('orders.controller.ts'), controller.replace(EVENT_HANDLER, MESSAGE_HANDLER));
    const service = read('shipping.service.ts');
    const whileUnsaved = ours('shipping.service.ts', await client.change(uri('shipping.service.ts'), `${service}// again\n`));
    expect(preferEmit(whileUnsaved)).toBe(1);
    expect(whileUnsaved).toEqual(cli('shipping.service.ts'));

    client.close(uri('orders.controller.ts'));
    const afterClose = ours('shipping.service.ts', await client.change(uri('shipping.service.ts'), service));
    expect(afterClose).toEqual(cli('shipping.service.ts'));
  }, 120_000);

  it('a file added on disk and opened is linted with its project, and a file deleted on disk drops out of the others’ findings', async () => {
    fs.writeFileSync(
      file('audit.service.ts'),
      [
        "import { Inject, Injectable } from '@nestjs/common';",
        "import type { ClientKafkaProxy } from '@nestjs/microservices';",
        '',
        "import { ORDERS_SERVICE } from './topics';",
        '',
        '@Injectable()',
        'export class AuditService {',
        '  readonly sent: string[] = [];',
        '',
        '  constructor(@Inject(ORDERS_SERVICE) private readonly client: ClientKafkaProxy) {}',
        '',
        '  record(id: string): void {',
        "    this.client.emit('audit.recorded', { id });",
        '    this.sent.push(id);',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const added = ours('audit.service.ts', await client.open(uri('audit.service.ts'), read('audit.service.ts')));
    expect(added.map((finding) => finding.ruleId)).toContain('nestjs-microservices/no-unawaited-emit');
    expect(added).toEqual(cli('audit.service.ts'));
    client.close(uri('audit.service.ts'));
    fs.rmSync(file('audit.service.ts'));

    // Without the controller, nothing serves `orders.order-shipped`: no finding names its @EventPattern handler.
    const controller = read('orders.controller.ts');
    const before = ours('shipping.service.ts', await client.change(uri('shipping.service.ts'), read('shipping.service.ts')));
    expect(before.filter((finding) => finding.message.includes('orders.controller.ts')).length).toBeGreaterThan(0);
    fs.rmSync(file('orders.controller.ts'));
    try {
      const service = read('shipping.service.ts');
      const withoutController = ours('shipping.service.ts', await client.change(uri('shipping.service.ts'), `${service}// deleted\n`));
      // The finding stays (the pattern's name reads as an event), but no longer names the deleted handler.
      expect(withoutController.filter((finding) => finding.message.includes('orders.controller.ts'))).toEqual([]);
      expect(withoutController).toEqual(cli('shipping.service.ts'));
    } finally {
      fs.writeFileSync(file('orders.controller.ts'), controller);
    }
  }, 120_000);

  it('quick fixes: the code action of a fix writes what ESLint’s fix writes', async () => {
    const name = 'shipping.service.ts';
    const text = read(name);
    const diagnostics = await client.change(uri(name), text);
    const target = diagnostics.find((diagnostic) => String(diagnostic.code).endsWith('(prefer-emit-for-events)'));
    if (!target) throw new Error('no prefer-emit-for-events diagnostic');
    const actions = await client.codeActions(uri(name), target);
    const fix = actions.find((action) => action.kind === 'quickfix' && action.title.startsWith('Fix nestjs-microservices/prefer-emit-for-events'));
    const edits = editsFor(fix?.edit, uri(name));
    if (!edits) throw new Error(`no fix among the code actions: ${actions.map((action) => action.title).join(', ')}`);
    const fromEditor = applyEdits(text, edits);

    const eslintDir = createInstalledProject('lsp-eslint', dir);
    try {
      const [result] = await createTypedEslint(eslintDir, plugin.configs.strict).lintFiles([path.join('src', name)]);
      const message = result?.messages.find((candidate) => candidate.ruleId === 'nestjs-microservices/prefer-emit-for-events');
      const eslintFix = message?.fix ?? message?.suggestions?.[0]?.fix;
      if (!eslintFix) throw new Error('ESLint offers no fix for the finding');
      const fromEslint = text.slice(0, eslintFix.range[0]) + eslintFix.text + text.slice(eslintFix.range[1]);
      expect(fromEditor).toBe(fromEslint);
      expect(fromEditor).not.toBe(text);
    } finally {
      removeTypedProject(eslintDir);
    }
  }, 120_000);
});

describe('vscode-eslint-language-server: findings on open files and quick fixes', () => {
  const serverBin = path.join(repoRoot, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');
  let dir = '';
  let client: LspClient;
  const file = (name: string): string => path.join(dir, 'src', name);
  const uri = (name: string): string => pathToFileURL(file(name)).href;

  beforeAll(async () => {
    dir = createInstalledProject('eslint-lsp', exampleDir);
    fs.writeFileSync(
      path.join(dir, 'eslint.config.mjs'),
      [
        "import nestjsMicroservices from 'eslint-plugin-nestjs-microservices';",
        "import tseslint from 'typescript-eslint';",
        '',
        'export default [',
        "  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },",
        '  nestjsMicroservices.configs.strict,',
        '];',
        '',
      ].join('\n'),
    );
    client = new LspClient(process.execPath, [serverBin, '--stdio'], dir);
    const workspaceFolder = { name: 'workspace', uri: pathToFileURL(dir).href };
    // The settings the VS Code ESLint extension sends (docs: shared/reference/editors.md).
    client.configuration = () => ({
      validate: 'on',
      useFlatConfig: true,
      experimental: {},
      run: 'onType',
      nodePath: null,
      problems: {},
      rulesCustomizations: [],
      codeAction: { disableRuleComment: { enable: true, location: 'separateLine' }, showDocumentation: { enable: true } },
      codeActionOnSave: { mode: 'all' },
      format: false,
      quiet: false,
      onIgnoredFiles: 'off',
      options: {},
      workspaceFolder,
    });
    await client.initialize(dir, {});
  }, 60_000);

  afterAll(async () => {
    await client.shutdown();
    removeTypedProject(dir);
  });

  const ours = (name: string, diagnostics: readonly LspDiagnostic[]): Finding[] =>
    diagnostics
      .map((diagnostic) => {
        const code = diagnostic.code as string | { value: string } | undefined;
        return {
          file: file(name),
          ruleId: typeof code === 'object' ? code.value : (code ?? ''),
          line: diagnostic.range.start.line + 1,
          column: diagnostic.range.start.character + 1,
          endLine: diagnostic.range.end.line + 1,
          endColumn: diagnostic.range.end.character + 1,
          message: diagnostic.message,
        };
      })
      .filter((finding) => PLUGIN_RULE.test(finding.ruleId))
      .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));

  it('an open file: the findings of the ESLint CLI, and its quick fix writes what ESLint’s fix writes', async () => {
    const name = 'shipping.service.ts';
    const text = fs.readFileSync(file(name), 'utf8');
    client.openQuietly(uri(name), text);
    const diagnostics = await client.pullDiagnostics(uri(name));
    const [result] = await createTypedEslint(dir, plugin.configs.strict).lintFiles([file(name)]);
    const cli = (result?.messages ?? [])
      .filter((message) => PLUGIN_RULE.test(message.ruleId ?? ''))
      .map((message) => ({
        file: file(name),
        ruleId: message.ruleId ?? '',
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? message.line,
        endColumn: message.endColumn ?? message.column,
        message: message.message,
      }))
      .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
    expect(cli.length).toBeGreaterThan(0);
    expect(ours(name, diagnostics)).toEqual(cli);

    const target = diagnostics.find((diagnostic) => ours(name, [diagnostic])[0]?.ruleId === 'nestjs-microservices/prefer-emit-for-events');
    if (!target) throw new Error('no prefer-emit-for-events diagnostic');
    const actions = await client.codeActions(uri(name), target);
    const fix = actions.find((action) => action.title.includes('nestjs-microservices/prefer-emit-for-events') && !/disable|documentation/i.test(action.title));
    if (!fix?.command) throw new Error(`no fix among the code actions: ${actions.map((action) => action.title).join(', ')}`);
    await client.request('workspace/executeCommand', { command: fix.command.command, arguments: fix.command.arguments });
    const edits = editsFor(client.appliedEdits.at(-1), uri(name));
    if (!edits) throw new Error('the server applied no edit');
    const message = result?.messages.find((candidate) => candidate.ruleId === 'nestjs-microservices/prefer-emit-for-events');
    const eslintFix = message?.fix ?? message?.suggestions?.[0]?.fix;
    if (!eslintFix) throw new Error('ESLint offers no fix for the finding');
    expect(applyEdits(text, edits)).toBe(text.slice(0, eslintFix.range[0]) + eslintFix.text + text.slice(eslintFix.range[1]));
  }, 180_000);
});

/**
 * Supply chain: what `npm pack` would publish, what installing the package runs, and what the built plugin loads.
 * The rules must read no files and open no connections, so dist/ never loads the file system, process or network
 * modules of Node.js. Under oxlint the type engine reads the project's tsconfig and sources, through TypeScript's own
 * `ts.sys`, as typescript-eslint does under ESLint. Needs a built dist/ (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

import * as ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

interface PackedFile {
  path: string;
}

interface PackResult {
  name: string;
  files: PackedFile[];
}

interface Manifest {
  name: string;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bundleDependencies?: unknown;
  bundledDependencies?: unknown;
}

const repoRoot = path.join(__dirname, '..');
const distDir = path.join(repoRoot, 'dist');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

/** Node.js modules a rule has no business loading (bare, `node:`-prefixed and sub-paths such as `fs/promises`). */
const FORBIDDEN_BUILTINS = ['fs', 'child_process', 'net', 'http', 'https', 'http2', 'dns', 'tls', 'dgram'];

function assertBuilt(): void {
  if (!fs.existsSync(path.join(distDir, 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` (or `npm test`, which builds first).');
  }
}

function distJsFiles(): string[] {
  return fs
    .readdirSync(distDir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.js'))
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

/**
 * The module loads in one built file, from its syntax tree (comments and strings are not code): the argument of
 * every `require(...)` (its text when it is not a string literal), and every other way to load or run code that a
 * scan of require() calls would miss.
 */
interface RequireCall {
  /** The module name when the argument is a string literal. */
  module: string | undefined;
  text: string;
}

function scanLoads(file: string, source: string): { requires: RequireCall[]; other: string[] } {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const requires: RequireCall[] = [];
  const other: string[] = [];
  const at = (node: ts.Node): string => `line ${String(sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1)}`;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'require') {
        const [argument] = node.arguments;
        const module = argument && node.arguments.length === 1 && ts.isStringLiteralLike(argument) ? argument.text : undefined;
        requires.push({ module, text: `${node.getText()} at ${at(node)}` });
      } else if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        other.push(`import() at ${at(node)}`);
      } else if (ts.isIdentifier(callee) && callee.text === 'eval') {
        other.push(`eval() at ${at(node)}`);
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') {
      other.push(`new Function() at ${at(node)}`);
    } else if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isCallee = ts.isCallExpression(parent) && parent.expression === node;
      if (node.text === 'require' && !isCallee) other.push(`require used as a value at ${at(node)}`);
      if (node.text === 'createRequire') other.push(`createRequire at ${at(node)}`);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const access = `${node.expression.text}.${node.name.text}`;
      if (['process.binding', 'process.dlopen', 'process._linkedBinding', 'module.require'].includes(access)) other.push(`${access} at ${at(node)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { requires, other };
}

describe('the published package', () => {
  let packed: PackResult | undefined;

  beforeAll(() => {
    assertBuilt();
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) throw new Error(`npm pack --dry-run failed (${String(result.status)}):\n${result.stderr}`);
    [packed] = JSON.parse(result.stdout) as PackResult[];
  }, 60_000);

  const packedPaths = (): string[] => {
    if (!packed) throw new Error('npm pack --dry-run produced no result');
    return packed.files.map((file) => file.path).sort();
  };

  it('ships only dist/, docs/, the oxlint presets, README.md, LICENSE and package.json', () => {
    expect(manifest.files).toEqual(['dist', 'docs', 'oxlint', 'README.md', 'LICENSE']);
    const topLevel = new Set(packedPaths().map((file) => file.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['LICENSE', 'README.md', 'dist', 'docs', 'oxlint', 'package.json']);
    expect(packedPaths().filter((file) => file.startsWith('oxlint/')).sort()).toEqual(['oxlint/recommended.json', 'oxlint/strict.json']);
  });

  it('ships no sources, tests, benchmarks or examples', () => {
    const leaked = packedPaths().filter(
      (file) =>
        /(^|\/)(src|tests?|__tests__|fixtures|bench|examples|scripts|coverage|node_modules)\//.test(file) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(file) ||
        (/\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file)),
    );
    expect(leaked).toEqual([]);
    // Only build output and Markdown inside the two directories.
    expect(packedPaths().filter((file) => file.startsWith('dist/') && !/\.(js|d\.ts)$/.test(file))).toEqual([]);
    expect(packedPaths().filter((file) => file.startsWith('docs/') && !file.endsWith('.md'))).toEqual([]);
  });

  it('ships every built file, and no build output whose source is gone', () => {
    const sources = new Set(
      fs
        .readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((entry) => entry.endsWith('.ts') && !entry.endsWith('.d.ts'))
        .map((entry) => entry.split(path.sep).join('/').replace(/\.ts$/, '')),
    );
    const built = distJsFiles().map((file) => file.replace(/\.js$/, ''));
    expect(built.filter((file) => !sources.has(file)), 'dist/ files without a source in src/ (rebuild from a clean dist/)').toEqual([]);
    expect(packedPaths().filter((file) => file.endsWith('.js'))).toEqual(distJsFiles().map((file) => `dist/${file}`));
  });
});

describe('package.json', () => {
  it('runs nothing when installed from the registry; a git install builds (`prepare`), and only that', () => {
    const scripts = manifest.scripts ?? {};
    expect(Object.keys(scripts).filter((script) => ['preinstall', 'install', 'postinstall'].includes(script))).toEqual([]);
    // npm runs `prepare` for git dependencies (and in this repository), never for a package from the registry.
    expect(scripts.prepare).toBe('npm run build');
  });

  it('depends only on @typescript-eslint packages, and bundles none', () => {
    const dependencies = Object.keys(manifest.dependencies ?? {});
    expect(dependencies.length).toBeGreaterThan(0);
    expect(dependencies.filter((name) => !name.startsWith('@typescript-eslint/'))).toEqual([]);
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(manifest.bundleDependencies ?? manifest.bundledDependencies).toBeUndefined();
  });
});

describe('the built plugin (dist/)', () => {
  beforeAll(assertBuilt);

  const files = (): { file: string; source: string }[] =>
    distJsFiles().map((file) => ({ file, source: fs.readFileSync(path.join(distDir, file), 'utf8') }));

  it('loads modules only through require() with a string literal', () => {
    const problems = files().flatMap(({ file, source }) => {
      const { requires, other } = scanLoads(file, source);
      const computed = requires.filter(({ module }) => module === undefined).map(({ text }) => text);
      return [...other, ...computed].map((problem) => `${file}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it('never loads the file system, child processes or the network', () => {
    const forbidden = new RegExp(`^(?:node:)?(?:${FORBIDDEN_BUILTINS.join('|')})(?:/|$)`);
    const loaded = files().flatMap(({ file, source }) =>
      scanLoads(file, source).requires.map(({ module, text }) => ({ file, module: module ?? text })),
    );
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter(({ module }) => forbidden.test(module))).toEqual([]);
  });

  it('loads nothing outside the package but Node.js built-ins, its dependencies and its peers', () => {
    const builtins = new Set(builtinModules);
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const problems: string[] = [];
    for (const { file, source } of files()) {
      for (const { module } of scanLoads(file, source).requires) {
        if (module === undefined) continue; // reported by the string-literal test
        if (module.startsWith('.')) {
          // Relative loads stay inside what is published: dist/ itself, or package.json.
          const target = path.relative(repoRoot, path.resolve(path.dirname(path.join(distDir, file)), module)).split(path.sep).join('/');
          if (!target.startsWith('dist/') && target !== 'package.json') problems.push(`${file}: ${module} → ${target}`);
          continue;
        }
        const bare = module.replace(/^node:/, '');
        if (module.startsWith('node:') || builtins.has(bare.split('/')[0] ?? bare)) continue;
        const packageName = module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : (module.split('/')[0] ?? module);
        if (!declared.has(packageName)) problems.push(`${file}: ${module} is neither a dependency nor a peer dependency`);
      }
    }
    expect(problems).toEqual([]);
  });
});

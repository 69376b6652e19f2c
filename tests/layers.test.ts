/**
 * The source folders are layers, and imports point one way, down (README, "Develop"):
 *   src/base/         imports nothing of the plugin
 *   src/type-engine/  base and itself
 *   src/utils/        base, type-engine and itself
 *   src/rules/        base, type-engine, utils and itself
 *   src/*.ts          (the plugin, its configs) anything
 * Type-only imports count too: a type cycle is still two modules that must change together.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

const srcDir = path.join(__dirname, '..', 'src');

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  base: ['base'],
  'type-engine': ['base', 'type-engine'],
  utils: ['base', 'type-engine', 'utils'],
  rules: ['base', 'type-engine', 'utils', 'rules'],
};

/** The layer of a file under src/: its first folder, or `plugin` for the files at the top. */
function layerOf(file: string): string {
  const parts = path.relative(srcDir, file).split(path.sep);
  return parts.length > 1 ? (parts[0] ?? 'plugin') : 'plugin';
}

function sourceFiles(): string[] {
  return fs
    .readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.ts'))
    .map((entry) => path.join(srcDir, entry));
}

/** Relative imports and re-exports of a file, resolved to files under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'(\.[^']*)'/gms)].map((match) => match[1] ?? '');
  return specifiers.map((specifier) => {
    const target = path.resolve(path.dirname(file), specifier);
    return fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
  });
}

describe('layers of src/', () => {
  it('every import points down or within its layer', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(50);
    const violations: string[] = [];
    for (const file of files) {
      const allowed = ALLOWED[layerOf(file)];
      if (!allowed) continue;
      for (const target of importsOf(file)) {
        if (!allowed.includes(layerOf(target))) violations.push(`${path.relative(srcDir, file)} → ${path.relative(srcDir, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('reads the imports it checks: type-engine/index.ts imports its providers, base/estree.ts none', () => {
    const rel = (files: string[]): string[] => files.map((file) => path.relative(srcDir, file));
    expect(rel(importsOf(path.join(srcDir, 'type-engine/index.ts')))).toContain(path.join('type-engine', 'providers', 'own-program', 'index.ts'));
    expect(importsOf(path.join(srcDir, 'base/estree.ts'))).toEqual([]);
  });
});

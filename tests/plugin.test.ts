/** Keeps rules, tests, docs, configs and README in sync, and checks the plugin's shape. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { JSONSchema4ObjectSchema } from '@typescript-eslint/utils/json-schema';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index';
import { createOxlintConfig } from '../src/configs';
import { rules } from '../src/rules';

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleFiles = fs
  .readdirSync(path.join(root, 'src/rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/, ''));
const ruleEntries = Object.entries(rules);
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** Every `properties` entry anywhere in a schema. */
interface SchemaNode extends JSONSchema4ObjectSchema {
  readonly items?: SchemaNode;
  readonly properties?: Record<string, SchemaNode>;
}

function collectProperties(schema: SchemaNode, at = ''): [string, SchemaNode][] {
  const found: [string, SchemaNode][] = [];
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    found.push([`${at}${key}`, value], ...collectProperties(value, `${at}${key}.`));
    if (value.items) found.push(...collectProperties(value.items, `${at}${key}[].`));
  }
  return found;
}

describe('oxlint presets', () => {
  it.each(['recommended', 'strict'] as const)('oxlint/%s.json holds the same rules and options as the ESLint config', (config) => {
    const shipped = JSON.parse(fs.readFileSync(path.join(root, 'oxlint', `${config}.json`), 'utf8')) as unknown;
    expect(shipped, 'run `npm run docs` to write the oxlint presets again').toEqual(createOxlintConfig(config, manifest.name));
    expect(createOxlintConfig(config, manifest.name).overrides).toEqual([{ files: plugin.configs[config].files, rules: plugin.configs[config].rules }]);
  });
});

describe('plugin', () => {
  it('names itself after package.json', () => {
    expect(plugin.meta).toEqual({ name: manifest.name, version: manifest.version, namespace: 'nestjs-microservices' });
  });

  it('exports every rule file, alphabetically', () => {
    expect(Object.keys(plugin.rules)).toEqual([...ruleFiles].sort());
    for (const [name, rule] of ruleEntries) expect(plugin.rules[name as keyof typeof rules], name).toBe(rule);
  });

  describe.each(ruleEntries)('%s', (name, rule) => {
    const docs = rule.meta.docs;
    if (!docs) throw new Error(`${name} has no meta.docs`);
    it('has a test file and a doc', () => {
      expect(fs.existsSync(path.join(root, 'tests/rules', `${name}.test.ts`))).toBe(true);
      expect(fs.existsSync(path.join(root, 'docs/rules', `${name}.md`))).toBe(true);
    });

    it('links its doc and is listed in the README', () => {
      expect(docs.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(readme).toContain(`docs/rules/${name}.md`);
    });

    it('requires type information and describes every option', () => {
      expect(docs.requiresTypeChecking).toBe(true);
      const schemas = Array.isArray(rule.meta.schema) ? rule.meta.schema : [rule.meta.schema];
      for (const schema of schemas as SchemaNode[]) {
        for (const [option, property] of collectProperties(schema)) {
          expect(property.description, `${name} option ${option}`).toMatch(/\S/);
        }
      }
    });

    it('keeps every message to about 200 characters (the rule doc explains the rest)', () => {
      for (const [id, message] of Object.entries(rule.meta.messages)) expect(message.length, `${name} ${id}`).toBeLessThanOrEqual(205);
    });

    it('sits in the configs its meta.docs.recommended names', () => {
      const id = `nestjs-microservices/${name}`;
      const { recommended, strictOptions } = docs;
      const strictEntry = strictOptions ? ['error', ...strictOptions] : 'error';
      expect(plugin.configs.strict.rules?.[id]).toEqual(strictEntry);
      expect(plugin.configs['legacy-strict'].rules?.[id]).toEqual(strictEntry);
      expect(plugin.configs.recommended.rules?.[id]).toEqual(recommended === 'recommended' ? 'error' : undefined);
      expect(plugin.configs['legacy-recommended'].rules?.[id]).toEqual(recommended === 'recommended' ? 'error' : undefined);
    });
  });

  it('has named flat configs that register the plugin, and eslintrc configs that name it', () => {
    expect(plugin.configs.recommended.name).toBe('nestjs-microservices/recommended');
    expect(plugin.configs.strict.name).toBe('nestjs-microservices/strict');
    expect(plugin.configs.recommended.plugins?.['nestjs-microservices']).toBe(plugin);
    expect(plugin.configs['legacy-recommended'].plugins).toEqual(['nestjs-microservices']);
    expect(Object.keys(plugin.configs['legacy-strict'].rules ?? {})).toEqual(Object.keys(plugin.configs.strict.rules ?? {}));
  });
});

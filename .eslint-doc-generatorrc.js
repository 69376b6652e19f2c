// eslint-doc-generator settings: `npm run docs` rewrites the generated parts of README.md and docs/rules/*.md,
// `npm run docs:check` fails when they are out of date. The generator loads the plugin from package.json `main`
// (dist/index.js), so run `npm run build` first.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS config file, like the plugin it documents */

const path = require('node:path');

const BEGIN_OPTIONS = '<!-- begin auto-generated rule options list -->';
const END_OPTIONS = '<!-- end auto-generated rule options list -->';

/** @param {string} text */
const code = (text) => `\`${text}\``;

/**
 * The generator prints array defaults with `String(item)`, so a list of objects becomes `[object Object]`.
 * Lists of `{ name, package }` type specifiers are grouped by package instead: `typeorm`: `Repository`, ...
 * @param {unknown[]} items
 */
function formatObjectList(items) {
  const isSpecifier = (item) =>
    typeof item === 'object' && item !== null && Object.keys(item).sort().join() === 'name,package';
  if (!items.every(isSpecifier)) return items.map((item) => code(JSON.stringify(item))).join(', ');
  /** @type {Map<string, string[]>} */
  const byPackage = new Map();
  for (const { name, package: pkg } of items) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), name]);
  return [...byPackage].map(([pkg, names]) => `${code(pkg)}: ${names.map(code).join(', ')}`).join('; ');
}

/**
 * Where a named option sits in the schema: `persistenceTypes[].name` for a property of an array item,
 * `undefined` for a top-level option.
 */
function findNestedPath(properties, optionName, prefix = '') {
  for (const [key, schema] of Object.entries(properties ?? {})) {
    const itemProperties = schema.type === 'array' && schema.items && !Array.isArray(schema.items) ? schema.items.properties : undefined;
    if (itemProperties && optionName in itemProperties) return `${prefix}${key}[].${optionName}`;
    const deeper = findNestedPath(schema.properties ?? itemProperties, optionName, `${prefix}${key}${itemProperties ? '[]' : ''}.`);
    if (deeper) return deeper;
  }
  return undefined;
}

/** @param {string[][]} rows - header first; every cell already Markdown. */
function renderTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(3, ...rows.map((row) => row[column].length)));
  const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(rows[0]), line(widths.map((width) => `:${'-'.repeat(width - 1)}`)), ...rows.slice(1).map(line)].join('\n');
}

/**
 * Touches up the generated options table of a rule doc: object-list defaults become readable, and options that are
 * properties of array items are named by their path (`persistenceTypes[].name`) instead of as top-level options.
 * @param {string} content
 * @param {string} file
 */
function fixOptionsTable(content, file) {
  const begin = content.indexOf(BEGIN_OPTIONS);
  const end = content.indexOf(END_OPTIONS);
  if (begin === -1 || end === -1) return content;
  const ruleName = path.basename(file, path.extname(file));
  // The same build the generator documents (package.json `main`).
  const rule = require(path.join(__dirname, 'dist', 'index.js')).rules[ruleName];
  const properties = rule?.meta?.schema?.[0]?.properties;
  const defaults = rule?.meta?.defaultOptions?.[0] ?? {};
  if (!properties) return content;

  const block = content.slice(begin, end);
  const tableLines = block.split('\n').filter((text) => text.startsWith('|'));
  if (tableLines.length < 3) return content;
  const split = (text) => text.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
  const header = split(tableLines[0]);
  const nameColumn = header.indexOf('Name');
  const defaultColumn = header.indexOf('Default');
  const rows = tableLines.slice(2).map(split);
  for (const row of rows) {
    const optionName = row[nameColumn].replace(/`/g, '');
    if (optionName in properties) {
      const value = defaults[optionName];
      if (defaultColumn !== -1 && Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
        row[defaultColumn] = formatObjectList(value);
      }
    } else {
      const nested = findNestedPath(properties, optionName);
      if (nested) row[nameColumn] = code(nested);
    }
  }
  // Same order as the generator (case-insensitive by name), so `persistenceTypes[].name` follows `persistenceTypes`.
  const byName = (row) => row[nameColumn].replace(/`/g, '').toLowerCase();
  rows.sort((a, b) => byName(a).localeCompare(byName(b)));
  const table = renderTable([header, ...rows]);
  const newBlock = block.replace(tableLines.join('\n'), table);
  return content.slice(0, begin) + newBlock + content.slice(end);
}

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  // The eslintrc configs (`legacy-recommended`, `legacy-strict`) turn on exactly the rules of their flat twins.
  ignoreConfig: ['legacy-recommended', 'legacy-strict'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ruleDocTitleFormat: 'desc-parens-name',
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'requiresTypeChecking', 'options'],
  // Rules with options must also have an `## Options` section naming each option (the generator's default check).
  ruleDocSectionInclude: ['Examples', 'When Not To Use It'],
  ruleListColumns: [
    'name',
    'description',
    'configsError',
    'fixable',
    'hasSuggestions',
    'requiresTypeChecking',
    'options',
    'deprecated',
  ],
  postprocess: (content, file) => fixOptionsTable(content, file),
};

module.exports = config;

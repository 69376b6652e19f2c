/**
 * Under ESLint, what went wrong when a file has no type information: the parser is not typescript-eslint's, it is
 * a version older than the plugin supports (5 gives a program of the file alone, 6 and 7 ignore `projectService`),
 * or typed linting is not enabled. One error, naming the installed version and the fix.
 */
import * as path from 'node:path';

import { packageName, pluginNamespace } from '../../base/package-info';
import { tsApi } from '../classic-typescript';
import type { AnyRuleContext } from './provider';

/** The `@typescript-eslint/parser` majors the plugin supports (and `peerDependencies` states). */
export const SUPPORTED_PARSER_MAJORS = '8';
const MIN_PARSER_MAJOR = 8;
const PARSER_PACKAGE = '@typescript-eslint/parser';

interface ParserObject {
  readonly meta?: { readonly name?: unknown; readonly version?: unknown };
  readonly version?: unknown;
}

const versionByParserPath = new Map<string, string | undefined>();

/** The version in the `package.json` of `@typescript-eslint/parser` that holds `file` (eslintrc's `parserPath`). */
function versionFromPath(file: string): string | undefined {
  if (!versionByParserPath.has(file)) versionByParserPath.set(file, readVersionFromPath(file));
  return versionByParserPath.get(file);
}

function readVersionFromPath(file: string): string | undefined {
  let directory = path.dirname(file);
  for (let depth = 0; depth < 6; depth++) {
    // Through TypeScript's file system access, as everything the plugin reads (no `node:fs` in the plugin).
    const text = tsApi.sys.readFile(path.join(directory, 'package.json'));
    const manifest = text === undefined ? undefined : (JSON.parse(text) as { name?: unknown; version?: unknown });
    if (typeof manifest?.version === 'string' && manifest.name !== undefined) {
      return manifest.name === PARSER_PACKAGE ? manifest.version : undefined;
    }
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return undefined;
}

/** `@typescript-eslint/parser`'s version, or `undefined` for another parser or an unknown one. */
function readParserVersion(context: AnyRuleContext): string | undefined {
  const { languageOptions, parserPath } = context as { languageOptions?: { parser?: ParserObject }; parserPath?: unknown };
  const parser = languageOptions?.parser;
  const name = typeof parser?.meta?.name === 'string' ? parser.meta.name : undefined;
  // Flat config: the parser object. typescript-eslint names it `typescript-eslint/parser` (8) or has only `version` (5-7).
  const version = typeof parser?.meta?.version === 'string' ? parser.meta.version : typeof parser?.version === 'string' ? parser.version : undefined;
  const isTypescriptEslint = name === undefined ? version !== undefined && typeof (parser as { parseForESLint?: unknown }).parseForESLint === 'function' : /typescript-eslint\/parser$/.test(name);
  if (parser && isTypescriptEslint && version) return version;
  // eslintrc: the path ESLint loaded the parser from.
  return typeof parserPath === 'string' ? versionFromPath(parserPath) : undefined;
}

function describeRule(context: AnyRuleContext): string {
  return `${packageName}: the rule "${pluginNamespace}/${context.id.replace(/^.*\//, '')}"`;
}

/** The parser's version, once per parser (asked for every rule and file): by parser object, or by eslintrc's path. */
const versionByParser = new WeakMap<object, string | null>();

function getTypescriptEslintVersion(context: AnyRuleContext): string | undefined {
  const parser = (context as { languageOptions?: { parser?: unknown } }).languageOptions?.parser;
  const key = typeof parser === 'object' && parser !== null ? parser : undefined;
  const cached = key && versionByParser.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const version = readParserVersion(context);
  // eslintrc's parser objects may be shared by parsers of other paths: only flat configs' objects are cached.
  if (key && typeof (context as { parserPath?: unknown }).parserPath !== 'string') versionByParser.set(key, version ?? null);
  return version;
}

/** The error for a parser older than the supported one, or `undefined` when the parser is not the problem. */
export function checkParserVersion(context: AnyRuleContext): Error | undefined {
  const typescriptEslintVersion = getTypescriptEslintVersion(context);
  const major = typescriptEslintVersion ? Number.parseInt(typescriptEslintVersion, 10) : undefined;
  if (major === undefined || major >= MIN_PARSER_MAJOR) return undefined;
  return new Error(
    `${describeRule(context)} needs ${PARSER_PACKAGE} ${SUPPORTED_PARSER_MAJORS} for type information, and "${context.filename}" ` +
      `was parsed by ${PARSER_PACKAGE} ${typescriptEslintVersion}` +
      (major <= 5 ? ', which without `project` types each file alone, so no NestJS client could be recognised. ' : ', which does not know `projectService`. ') +
      `Upgrade it: npm i -D typescript-eslint@^8 (flat config) or npm i -D @typescript-eslint/parser@^8 (.eslintrc), ` +
      `and keep parserOptions: { projectService: true }. See https://typescript-eslint.io/getting-started/typed-linting`,
  );
}

/** The error when ESLint parsed the file without type information (a supported parser, typed linting off). */
export function missingTypeInformation(context: AnyRuleContext): Error {
  return (
    checkParserVersion(context) ??
    new Error(
      `${describeRule(context)} needs type information ` +
        `to tell NestJS client calls from other emit()/send() methods, and "${context.filename}" was parsed without it. ` +
        `Lint TypeScript files with @typescript-eslint/parser and enable typed linting: ` +
        `languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } in a flat config, ` +
        `or parserOptions: { projectService: true } in .eslintrc. See https://typescript-eslint.io/getting-started/typed-linting`,
    )
  );
}

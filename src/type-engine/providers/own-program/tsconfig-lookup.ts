/**
 * Which tsconfig a linted file belongs to, as TypeScript's own tools decide it: the nearest `tsconfig.json`
 * upward from the file whose files include it, or a project that one references (`references`, as in a solution
 * tsconfig). Configs are read and parsed by TypeScript (`extends`, `include`, `exclude`, `files`), once each.
 */
import * as path from 'node:path';

import type ts from 'typescript';

import { tsApi } from '../../classic-typescript';

export interface ParsedProject {
  readonly configPath: string;
  readonly commandLine: ts.ParsedCommandLine;
  /** The project's root file names, normalized for comparison. */
  readonly fileNames: ReadonlySet<string>;
}

const MAX_REFERENCE_DEPTH = 4;

const parsedByConfigPath = new Map<string, ParsedProject | null>();

/** File names as TypeScript compares them: forward slashes, and lower case on case-insensitive file systems. */
export function normalizeFileName(fileName: string): string {
  const forward = path.resolve(fileName).replace(/\\/g, '/');
  return tsApi.sys.useCaseSensitiveFileNames ? forward : forward.toLowerCase();
}

function createParseHost(): ts.ParseConfigFileHost {
  return { ...tsApi.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
}

function parseProject(configPath: string): ParsedProject | undefined {
  const key = normalizeFileName(configPath);
  let parsed = parsedByConfigPath.get(key);
  if (parsed === undefined) {
    const commandLine = tsApi.getParsedCommandLineOfConfigFile(configPath, undefined, createParseHost());
    parsed = commandLine ? { configPath, commandLine, fileNames: new Set(commandLine.fileNames.map(normalizeFileName)) } : null;
    parsedByConfigPath.set(key, parsed);
  }
  return parsed ?? undefined;
}

/** The tsconfig read again from disk (its file list or options may have changed); `undefined` when it no longer parses. */
export function reparseProject(configPath: string): ParsedProject | undefined {
  parsedByConfigPath.delete(normalizeFileName(configPath));
  return parseProject(configPath);
}

/** Forgets every tsconfig read so far: the next lookup reads them from disk. */
export function forgetParsedProjects(): void {
  parsedByConfigPath.clear();
}

/** The project of `config` that includes `fileName`: the config itself, or one it references. */
function findIncludingProject(configPath: string, fileName: string, depth: number, seen: Set<string>): ParsedProject | undefined {
  const key = normalizeFileName(configPath);
  if (depth > MAX_REFERENCE_DEPTH || seen.has(key)) return undefined;
  seen.add(key);
  const project = parseProject(configPath);
  if (!project) return undefined;
  if (project.fileNames.has(normalizeFileName(fileName))) return project;
  for (const reference of project.commandLine.projectReferences ?? []) {
    const referenced = findIncludingProject(tsApi.resolveProjectReferencePath(reference), fileName, depth + 1, seen);
    if (referenced) return referenced;
  }
  return undefined;
}

export interface ProjectLookup {
  readonly project?: ParsedProject;
  /** The nearest `tsconfig.json` upward from the file, also when it does not include the file. */
  readonly nearestConfigPath?: string;
}

/** The project the linted file belongs to, searching upward from its folder. */
export function findProjectOf(fileName: string): ProjectLookup {
  let directory = path.dirname(path.resolve(fileName));
  let nearestConfigPath: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const configPath = tsApi.findConfigFile(directory, (name) => tsApi.sys.fileExists(name), 'tsconfig.json');
    if (!configPath) return { nearestConfigPath };
    nearestConfigPath ??= configPath;
    const project = findIncludingProject(configPath, fileName, 0, seen);
    if (project) return { project, nearestConfigPath };
    const configDirectory = path.dirname(configPath);
    const parent = path.dirname(configDirectory);
    if (parent === configDirectory) return { nearestConfigPath };
    directory = parent;
  }
}

/**
 * The plugin's own TypeScript program for one tsconfig, when the linter hands over no type information (oxlint).
 * Built once per tsconfig per lint process and reused by every file and every rule.
 *
 * One rule decides what the program holds: **the linted file's text from the linter, every other file as on
 * disk.** A CLI run lints files as they are on disk. An editor (oxlint's language server, a long-lived process)
 * lints one open file's unsaved text again and again, while other files change on disk without it being told (a
 * `git checkout`, a code generator, another editor) or are closed without saving. So:
 * - the text being linted replaces that file's text (an editor's unsaved buffer, or a file `--fix` rewrote), and
 *   only while that file is linted: the next file linted sees the earlier one as it is on disk;
 * - the project's own files are checked against the disk (their modification times) when a file is linted again
 *   (an editor's re-lint) or a second after the last check, and a changed or deleted file is read again;
 * - files added to or removed from the tsconfig's `include` are found by the modification times of the tsconfig and
 *   of the folders its files are in, and the tsconfig is read again.
 * TypeScript reuses every unchanged source file, so an update costs a re-parse of what changed. Library files
 * (`node_modules`, TypeScript's `lib.*.d.ts`) are read once.
 */
import * as path from 'node:path';

import type ts from 'typescript';

import { tsApi } from '../../classic-typescript';
import type { ParsedProject } from './tsconfig-lookup';
import { normalizeFileName } from './tsconfig-lookup';

/** How many times a program was created or updated, and the disk checked: tests check one build per tsconfig. */
export const ownProgramStats = { builds: 0, updates: 0, diskChecks: 0 };

/**
 * The disk is checked whenever a file is linted again (an editor's re-lint, a file `--fix` changed), and otherwise
 * at most this often: a CLI run lints each file once, and needs no check per file.
 */
const DISK_CHECK_INTERVAL_MS = 1000;

interface CachedFile {
  readonly sourceFile: ts.SourceFile;
  /** The file's modification time when it was read; `undefined` for the linter's text, `null` for a library file. */
  readonly modified: number | null | undefined;
}

function modifiedTime(fileName: string): number | undefined {
  return tsApi.sys.getModifiedTime?.(fileName)?.getTime();
}

function isLibraryFile(fileName: string): boolean {
  return fileName.includes('/node_modules/') || path.dirname(fileName) === path.dirname(tsApi.getDefaultLibFilePath({}));
}

export class ProjectProgram {
  private program: ts.Program | undefined;
  /** Source files by normalized name, handed to every program version until they change. */
  private readonly sourceFiles = new Map<string, CachedFile>();
  /** The linted file and its text, when that differs from the file on disk. */
  private override: { readonly key: string; readonly text: string } | undefined;
  /** Modification times of the tsconfig and of the folders holding its files, when it was read. */
  private readonly projectTimes = new Map<string, number | undefined>();
  /** The files linted so far by this process: linting one again is an editor's re-lint. */
  private readonly linted = new Set<string>();
  /** Whether the file list changed since the last program ({@link useProject}). */
  private projectChanged = false;
  private lastDiskCheck = 0;
  private readonly host: ts.CompilerHost;

  /** `reparse` reads the tsconfig again (files added or removed); `undefined` when it no longer parses. */
  constructor(
    private project: ParsedProject,
    private readonly reparse: () => ParsedProject | undefined = () => undefined,
  ) {
    const options = project.commandLine.options;
    const host = tsApi.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const key = normalizeFileName(fileName);
      const cached = this.sourceFiles.get(key);
      if (cached && !shouldCreate) return cached.sourceFile;
      const override = this.override?.key === key ? this.override.text : undefined;
      // The linter's text, when it is not the file on disk; the disk's otherwise (a CLI run, a saved file).
      const fromLinter = override !== undefined && tsApi.sys.readFile(fileName) !== override;
      const modified = fromLinter ? undefined : isLibraryFile(key) ? null : modifiedTime(fileName);
      const sourceFile =
        override === undefined
          ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
          : tsApi.createSourceFile(fileName, override, languageVersion, true);
      if (sourceFile) this.sourceFiles.set(key, { sourceFile, modified });
      return sourceFile;
    };
    this.host = host;
    this.recordProjectTimes();
  }

  includes(fileName: string): boolean {
    return this.project.fileNames.has(normalizeFileName(fileName));
  }

  /** Takes the tsconfig as read again (a file was added): the next program has its file list. */
  useProject(project: ParsedProject): void {
    if (sameFiles(project.fileNames, this.project.fileNames)) return;
    this.project = project;
    this.projectChanged = true;
    this.recordProjectTimes();
  }

  /** The program, with `fileName` holding exactly `text` and every other file as on disk. */
  programFor(fileName: string, text: string): ts.Program {
    const key = normalizeFileName(fileName);
    let program = this.program;
    let changed = false;
    if (program && this.isDiskCheckDue(key)) changed = this.refreshFromDisk(key);
    if (program && this.projectChanged) {
      changed = true;
      this.projectChanged = false;
    }
    this.linted.add(key);
    // The linted text: kept only for this file, and only while it differs from what the program has.
    const cached = this.sourceFiles.get(key);
    if (cached && cached.sourceFile.text !== text) {
      this.sourceFiles.delete(key);
      changed = true;
    }
    const previous = this.override?.key;
    if (previous !== undefined && previous !== key && this.sourceFiles.has(previous) && this.sourceFiles.get(previous)?.modified === undefined) {
      // The file linted before held the linter's text (an editor's unsaved buffer): it is read from disk again, as a
      // fresh run would see it.
      this.sourceFiles.delete(previous);
      changed = true;
    }
    this.override = { key, text };
    if (!program) {
      program = this.create(undefined);
      ownProgramStats.builds++;
    } else if (changed) {
      program = this.create(program);
      ownProgramStats.updates++;
    }
    this.program = program;
    return program;
  }

  private isDiskCheckDue(key: string): boolean {
    const now = Date.now();
    if (!this.linted.has(key) && now - this.lastDiskCheck < DISK_CHECK_INTERVAL_MS) return false;
    this.lastDiskCheck = now;
    return true;
  }

  /** Forgets the project's own files that changed on disk, and reads the tsconfig again when its file list may have; whether anything changed. */
  private refreshFromDisk(lintedKey: string): boolean {
    ownProgramStats.diskChecks++;
    let changed = false;
    for (const [key, cached] of this.sourceFiles) {
      if (key === lintedKey || cached.modified === null) continue;
      if (cached.modified === undefined || modifiedTime(cached.sourceFile.fileName) !== cached.modified) {
        this.sourceFiles.delete(key);
        changed = true;
      }
    }
    if ([...this.projectTimes].some(([name, time]) => modifiedTime(name) !== time)) {
      // The tsconfig or a folder of its files changed: read it again (its files or its options may differ).
      const project = this.reparse();
      if (project) {
        changed = true;
        this.project = project;
      }
      this.recordProjectTimes();
    }
    return changed;
  }

  private recordProjectTimes(): void {
    this.projectTimes.clear();
    const configDirectory = path.dirname(normalizeFileName(this.project.configPath));
    const watched = new Set<string>([normalizeFileName(this.project.configPath), configDirectory]);
    for (const fileName of this.project.fileNames) {
      // The folders from the file's up to the tsconfig's: a file or folder added in any of them changes its time.
      for (let directory = path.dirname(fileName); !watched.has(directory) && directory.startsWith(configDirectory); directory = path.dirname(directory)) {
        watched.add(directory);
      }
    }
    for (const name of watched) this.projectTimes.set(name, modifiedTime(name));
  }

  private create(oldProgram: ts.Program | undefined): ts.Program {
    const { commandLine } = this.project;
    return tsApi.createProgram({
      rootNames: commandLine.fileNames,
      options: commandLine.options,
      projectReferences: commandLine.projectReferences,
      host: this.host,
      oldProgram,
      configFileParsingDiagnostics: tsApi.getConfigFileParsingDiagnostics(commandLine),
    });
  }
}

function sameFiles(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((name) => b.has(name));
}

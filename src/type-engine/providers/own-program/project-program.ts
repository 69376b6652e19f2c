/**
 * The plugin's own TypeScript program for one tsconfig, when the linter hands over no type information (oxlint).
 * Built once per tsconfig per lint process and reused by every file and every rule. When the text being linted
 * differs from the file on disk (an editor's unsaved buffer, or a file `--fix` rewrote), the program is updated
 * for that text; TypeScript reuses every unchanged source file, so an update costs a re-parse of that one file.
 */
import type ts from 'typescript';

import { tsApi } from '../../classic-typescript';
import type { ParsedProject } from './tsconfig-lookup';
import { normalizeFileName } from './tsconfig-lookup';

/** How many times a program was created or updated: tests check one build per tsconfig. */
export const ownProgramStats = { builds: 0, updates: 0 };

export class ProjectProgram {
  private program: ts.Program | undefined;
  /** Source files by normalized name, parsed once and handed to every program version. */
  private readonly sourceFiles = new Map<string, ts.SourceFile>();
  /** Texts that differ from the disk, by normalized name. */
  private readonly overrides = new Map<string, string>();
  private readonly host: ts.CompilerHost;

  constructor(private readonly project: ParsedProject) {
    const options = project.commandLine.options;
    const host = tsApi.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const key = normalizeFileName(fileName);
      let sourceFile = this.sourceFiles.get(key);
      if (!sourceFile || shouldCreate) {
        const override = this.overrides.get(key);
        sourceFile =
          override === undefined
            ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
            : tsApi.createSourceFile(fileName, override, languageVersion, true);
        if (sourceFile) this.sourceFiles.set(key, sourceFile);
      }
      return sourceFile;
    };
    this.host = host;
  }

  includes(fileName: string): boolean {
    return this.project.fileNames.has(normalizeFileName(fileName));
  }

  /** The program, with `fileName` holding exactly `text`. */
  programFor(fileName: string, text: string): ts.Program {
    let program = this.program;
    if (!program) {
      program = this.create(undefined);
      ownProgramStats.builds++;
    }
    const current = program.getSourceFile(fileName);
    if (current && current.text !== text) {
      const key = normalizeFileName(fileName);
      this.overrides.set(key, text);
      this.sourceFiles.delete(key);
      program = this.create(program);
      ownProgramStats.updates++;
    }
    this.program = program;
    return program;
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

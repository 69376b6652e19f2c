/**
 * The program the plugin builds itself when the linter hands over none (oxlint): the tsconfig it picks for a
 * file, one build per tsconfig, and answers that follow the linted text when it differs from the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { ownProgramStats, ProjectProgram } from '../src/type-engine/providers/own-program/project-program';
import { findProjectOf } from '../src/type-engine/providers/own-program/tsconfig-lookup';
import { createTypedProject, removeTypedProject } from './typed-project';

const TOPICS = `export const Topics = { Created: 'order.created' } as const;\n`;
const SERVICE = `import { Topics } from './topics';\nexport const pattern = Topics.Created;\n`;

describe('own program', () => {
  const dir = createTypedProject('own-program', { 'topics.ts': TOPICS, 'service.ts': SERVICE });
  afterAll(() => {
    removeTypedProject(dir);
  });
  const service = path.join(dir, 'service.ts');

  it('finds the tsconfig that includes the file, and the nearest one for a file it does not include', () => {
    const found = findProjectOf(service);
    expect(found.project?.configPath).toBe(path.join(dir, 'tsconfig.json'));
    fs.mkdirSync(path.join(dir, 'outside'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'outside/tsconfig.json'), JSON.stringify({ files: [] }));
    const outside = findProjectOf(path.join(dir, 'outside/script.ts'));
    expect(outside.project).toBeUndefined();
    expect(outside.nearestConfigPath).toBe(path.join(dir, 'outside/tsconfig.json'));
  });

  it('follows `references` of a solution-style tsconfig', () => {
    const solution = path.join(dir, 'solution');
    fs.mkdirSync(path.join(solution, 'app/src'), { recursive: true });
    fs.writeFileSync(path.join(solution, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './app/tsconfig.app.json' }] }));
    fs.writeFileSync(path.join(solution, 'app/tsconfig.app.json'), JSON.stringify({ compilerOptions: { composite: true, types: [] }, include: ['src'] }));
    fs.writeFileSync(path.join(solution, 'app/src/main.ts'), 'export const a = 1;\n');
    // The nearest tsconfig.json includes no file; its reference includes this one.
    const found = findProjectOf(path.join(solution, 'app/src/main.ts'));
    expect(found.nearestConfigPath).toBe(path.join(solution, 'tsconfig.json'));
    expect(found.project?.configPath).toBe(path.join(solution, 'app/tsconfig.app.json'));
  });

  it('builds once, and for a linted text that differs from the disk re-parses only that file', () => {
    const found = findProjectOf(service);
    if (!found.project) throw new Error('no project');
    const project = new ProjectProgram(found.project);
    const before = { ...ownProgramStats };
    const first = project.programFor(service, SERVICE);
    expect(project.programFor(service, SERVICE)).toBe(first);
    expect(ownProgramStats.builds - before.builds).toBe(1);
    expect(ownProgramStats.updates - before.updates).toBe(0);

    const edited = SERVICE.replace('Topics.Created', "'order.edited' as const");
    const second = project.programFor(service, edited);
    expect(second).not.toBe(first);
    expect(ownProgramStats.updates - before.updates).toBe(1);
    expect(second.getSourceFile(service)?.text).toBe(edited);
    expect(second.getSourceFile(path.join(dir, 'topics.ts'))).toBe(first.getSourceFile(path.join(dir, 'topics.ts')));
    // The answers follow the text: the checker of the new program sees the edited constant.
    const typeOfPattern = (program: ts.Program): string => {
      const statement = program.getSourceFile(service)?.statements[1];
      const declaration = statement && ts.isVariableStatement(statement) ? statement.declarationList.declarations[0] : undefined;
      const checker = program.getTypeChecker();
      return declaration ? checker.typeToString(checker.getTypeAtLocation(declaration.name)) : 'not found';
    };
    expect(typeOfPattern(first)).toBe('"order.created"');
    expect(typeOfPattern(second)).toBe('"order.edited"');
  });
});

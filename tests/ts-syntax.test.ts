/**
 * The syntactic shortcuts the checker modules take before asking the type checker: each must find what the checker
 * would, or step aside (`undefined`) so that the checker is asked.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { findOwnInstanceMember, getModuleImport, getPackageImportName, isModuleOfPackage, isOnTopLevelClass } from '../src/type-engine/checker/ts-syntax';

const SOURCE = `
import { Inject as Give, Module } from '@nestjs/common';
import * as ms from '@nestjs/microservices';
import Default from './default';
class Base { inherited = 1; }
class Service extends Base {
  field = this.own;
  static shared = 1;
  constructor(@Give('KAFKA') private readonly own: unknown, plain: unknown) { super(); }
  method() {
    const arrow = () => this.own;
    const literal = { m() { return this.own; } };
    const fn = function (this: any) { return this.own; };
    return [this.own, this.inherited, this.plain, this.method, arrow, literal, fn];
  }
  static read() { return this.shared; }
}
function outer() {
  @Module({})
  class Inner {}
  return Inner;
}
`;

function parse(): ts.SourceFile {
  return ts.createSourceFile('service.ts', SOURCE, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function thisAccesses(sourceFile: ts.SourceFile): Map<string, ts.PropertyAccessExpression[]> {
  const found = new Map<string, ts.PropertyAccessExpression[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const list = found.get(node.name.text) ?? [];
      list.push(node);
      found.set(node.name.text, list);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe('findOwnInstanceMember', () => {
  const sourceFile = parse();
  const accesses = thisAccesses(sourceFile);
  const kindOf = (access: ts.PropertyAccessExpression | undefined): string | undefined => {
    const declaration = access && findOwnInstanceMember(access);
    return declaration && ts.SyntaxKind[declaration.kind];
  };

  it('finds a parameter property, in a method, an arrow function and a property initializer', () => {
    const [initializer, arrow, literal, fn, inMethod] = accesses.get('own') ?? [];
    expect(kindOf(initializer)).toBe('Parameter');
    expect(kindOf(arrow)).toBe('Parameter');
    expect(kindOf(inMethod)).toBe('Parameter');
    // An object literal's method and a function expression have a `this` of their own.
    expect(kindOf(literal)).toBeUndefined();
    expect(kindOf(fn)).toBeUndefined();
  });

  it('finds methods, and leaves inherited members, plain parameters and static members to the checker', () => {
    expect(kindOf(accesses.get('method')?.[0])).toBe('MethodDeclaration');
    expect(kindOf(accesses.get('inherited')?.[0])).toBeUndefined();
    expect(kindOf(accesses.get('plain')?.[0])).toBeUndefined();
    expect(kindOf(accesses.get('shared')?.[0])).toBeUndefined();
  });
});

describe('getModuleImport and isOnTopLevelClass', () => {
  const sourceFile = parse();

  it('tells where a module-level name is imported from, renamed, as a namespace or as a default', () => {
    expect(getModuleImport(sourceFile, 'Give')).toEqual({ module: '@nestjs/common', imported: 'Inject' });
    expect(getModuleImport(sourceFile, 'Module')).toEqual({ module: '@nestjs/common', imported: 'Module' });
    expect(getModuleImport(sourceFile, 'ms')).toEqual({ module: '@nestjs/microservices', imported: '*' });
    expect(getModuleImport(sourceFile, 'Default')).toEqual({ module: './default', imported: 'default' });
    expect(getModuleImport(sourceFile, 'Inject')).toBeUndefined();
    expect(getModuleImport(sourceFile, 'Base')).toBeUndefined();
  });

  it('accepts the decorators of a top-level class, its members and parameters, not of a class in a function', () => {
    const decorators: ts.Decorator[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isDecorator(node)) decorators.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    expect(decorators.map((decorator) => [decorator.getText(sourceFile), isOnTopLevelClass(decorator)])).toEqual([
      ["@Give('KAFKA')", true],
      ['@Module({})', false],
    ]);
    // The import tells only for a top-level class's decorator, and only for the package itself.
    const [give, module] = decorators;
    expect(give && getPackageImportName(give, 'Give', '@nestjs/common')).toBe('Inject');
    expect(give && getPackageImportName(give, 'Give', '@nestjs/core')).toBeUndefined();
    expect(module && getPackageImportName(module, 'Module', '@nestjs/common')).toBeUndefined();
    expect([isModuleOfPackage('@nestjs/common/decorators', '@nestjs/common'), isModuleOfPackage('@nestjs/commonx', '@nestjs/common')]).toEqual([true, false]);
  });
});

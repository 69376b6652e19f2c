/**
 * Which checker answers: the classic one in this process, or typescript-eslint's tsgo adapter, where a checker
 * call may be a round trip to TypeScript 7. The compatibility matrix (tests/compat.test.ts) runs the real tsgo
 * backend end to end and compares its findings with the classic backend's; this checks the detection itself.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { isRemoteChecker } from '../src/type-engine/checker/checker-backend';

describe('isRemoteChecker', () => {
  it('is false for TypeScript’s classic checker', () => {
    const program = ts.createProgram({ rootNames: [], options: {} });
    expect(isRemoteChecker(program.getTypeChecker())).toBe(false);
  });

  it('is true for a checker whose classic-only members are accessors that throw, as typescript-eslint’s tsgo adapter defines them', () => {
    // typescript-estree 8.74, dist/native/throwOnUnsupportedMembers.js: Object.defineProperty(checker, name, { get() { throw … } })
    const adapter = { getTypeAtLocation: () => undefined };
    Object.defineProperty(adapter, 'getRootSymbols', {
      get() {
        throw new Error('TypeChecker#getRootSymbols is not available on the tsgo API.');
      },
    });
    expect(isRemoteChecker(adapter as unknown as ts.TypeChecker)).toBe(true);
  });
});

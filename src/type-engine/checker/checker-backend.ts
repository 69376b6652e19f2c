/**
 * Which kind of checker answers: TypeScript's own classic checker in this process, or typescript-eslint's tsgo
 * backend (experimental, typescript-eslint 8.73+), whose checker is an adapter over TypeScript 7.1's API. There,
 * each checker call that its prefetch did not answer is a round trip to the TypeScript 7 process, and the cheapest
 * way to an answer can differ: a question that saves checker work in-process can cost an extra round trip.
 */
import type ts from 'typescript';

/** A member every classic checker has as a method, and the tsgo adapter as an accessor that throws. */
const MEMBER_THE_TSGO_ADAPTER_LACKS = 'getRootSymbols';

const remoteByChecker = new WeakMap<ts.TypeChecker, boolean>();

/**
 * Whether the checker answers from another process: typescript-eslint's tsgo adapter defines the classic members
 * that TypeScript 7's API lacks (`getRootSymbols`, `symbolToString`...) as accessors that throw when read.
 */
export function isRemoteChecker(checker: ts.TypeChecker): boolean {
  let remote = remoteByChecker.get(checker);
  if (remote === undefined) {
    remote = typeof Object.getOwnPropertyDescriptor(checker, MEMBER_THE_TSGO_ADAPTER_LACKS)?.get === 'function';
    remoteByChecker.set(checker, remote);
  }
  return remote;
}

/**
 * The benchmark's count of type checker calls, by rule and by checker method: on typescript-eslint's tsgo backend
 * every checker call that its prefetch did not answer is a round trip to the TypeScript 7 process, so the number
 * of calls is what the rules cost there. Off unless the benchmark sets `checkerCallCounts.enabled` before the
 * first file is linted; then each provider hands the checker modules a view of the program whose checker counts.
 * The calls made while a rule's type question is answered are that rule's (`activeRule`, set by
 * `query-counts.ts`); the program index's are the rule's that first asked for it.
 */
import type ts from 'typescript';

export const checkerCallCounts = {
  enabled: false,
  /** The rule whose question is being answered. */
  activeRule: '(no rule)',
  /** Calls by rule id, then by checker method. */
  byRule: new Map<string, Map<string, number>>(),
};

/** The counts as plain objects: `{ [ruleId]: { total, [method]: count } }`. */
export function summarizeCheckerCalls(): Record<string, Record<string, number>> {
  const summary: Record<string, Record<string, number>> = {};
  for (const [ruleId, methods] of checkerCallCounts.byRule) {
    const entry: Record<string, number> = { total: 0 };
    for (const [method, count] of [...methods].sort((a, b) => b[1] - a[1])) {
      entry[method] = count;
      entry.total = (entry.total ?? 0) + count;
    }
    summary[ruleId] = entry;
  }
  return summary;
}

function countCall(method: string): void {
  let methods = checkerCallCounts.byRule.get(checkerCallCounts.activeRule);
  if (!methods) {
    methods = new Map();
    checkerCallCounts.byRule.set(checkerCallCounts.activeRule, methods);
  }
  methods.set(method, (methods.get(method) ?? 0) + 1);
}

function countingChecker(checker: ts.TypeChecker): ts.TypeChecker {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(checker, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      let wrapper = wrappers.get(key);
      if (!wrapper) {
        const method = value as (...args: unknown[]) => unknown;
        wrapper = (...args: unknown[]) => {
          countCall(String(key));
          return method.apply(target, args);
        };
        wrappers.set(key, wrapper);
      }
      return wrapper;
    },
  });
}

const views = new WeakMap<ts.Program, ts.Program>();

/** `program` itself; while counting, one view of it (the same each time) whose checker counts its calls. */
export function countedProgram(program: ts.Program): ts.Program {
  if (!checkerCallCounts.enabled) return program;
  let view = views.get(program);
  if (!view) {
    const checker = countingChecker(program.getTypeChecker());
    view = new Proxy(program, {
      get(target, key) {
        if (key === 'getTypeChecker') return () => checker;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    views.set(program, view);
  }
  return view;
}

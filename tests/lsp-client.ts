/**
 * A small Language Server Protocol client over stdio, to drive a real language server as an editor does: open,
 * change and close documents, read the diagnostics it publishes, and ask for code actions. Only what the editor
 * tests need; JSON-RPC framing as the protocol specifies (`Content-Length` headers).
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

export interface LspDiagnostic {
  readonly range: LspRange;
  readonly message: string;
  readonly code?: string | number;
  readonly severity?: number;
}

export interface LspTextEdit {
  readonly range: LspRange;
  readonly newText: string;
}

/** A workspace edit, in either of its forms: `changes` by URI, or `documentChanges` (the ESLint server's). */
export interface LspWorkspaceEdit {
  readonly changes?: Record<string, readonly LspTextEdit[]>;
  readonly documentChanges?: readonly { readonly textDocument: { readonly uri: string }; readonly edits: readonly LspTextEdit[] }[];
}

/** The text edits a workspace edit makes in one document. */
export function editsFor(edit: LspWorkspaceEdit | undefined, uri: string): LspTextEdit[] | undefined {
  if (!edit) return undefined;
  const edits = [...(edit.changes?.[uri] ?? []), ...(edit.documentChanges ?? []).filter((change) => change.textDocument.uri === uri).flatMap((change) => change.edits)];
  return edits.length > 0 ? edits : undefined;
}

export interface LspCodeAction {
  readonly title: string;
  readonly kind?: string;
  readonly edit?: LspWorkspaceEdit;
  readonly command?: { readonly title: string; readonly command: string; readonly arguments?: readonly unknown[] };
}

interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { message: string };
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly pending = new Map<number, (message: Message) => void>();
  /** Every diagnostics notification so far, by document URI. */
  private readonly published = new Map<string, LspDiagnostic[][]>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  /** Edits the server asked the client to apply (`workspace/applyEdit`), in order. */
  readonly appliedEdits: LspWorkspaceEdit[] = [];
  stderr = '';
  /** The answer to each item of a `workspace/configuration` request (the ESLint server asks for its settings). */
  configuration: (item: { readonly section?: string; readonly scopeUri?: string }) => unknown = () => null;

  constructor(command: string, args: readonly string[], cwd: string) {
    this.child = spawn(command, args, { cwd, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => { this.receive(chunk); });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: LspDiagnostic[] };
      this.published.set(uri, [...(this.published.get(uri) ?? []), diagnostics]);
      for (const wake of this.waiters.splice(0)) wake();
    } else if (message.id !== undefined && message.method === 'workspace/configuration') {
      const { items } = message.params as { items: { section?: string; scopeUri?: string }[] };
      this.send({ jsonrpc: '2.0', id: message.id, result: items.map((item) => this.configuration(item)) });
    } else if (message.id !== undefined && message.method === 'workspace/applyEdit') {
      this.appliedEdits.push((message.params as { edit: LspWorkspaceEdit }).edit);
      this.send({ jsonrpc: '2.0', id: message.id, result: { applied: true } });
    } else if (message.id !== undefined) {
      // Another request from the server (client/registerCapability, window/workDoneProgress/create...): accepted.
      this.send({ jsonrpc: '2.0', id: message.id, result: null });
    }
  }

  private send(message: object): void {
    const body = JSON.stringify(message);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => {
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result as T);
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  async initialize(rootDir: string, initializationOptions: unknown): Promise<unknown> {
    const rootUri = pathToFileURL(rootDir).href;
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
      capabilities: {
        textDocument: { publishDiagnostics: {}, diagnostic: {}, codeAction: {}, synchronization: { didSave: true } },
        workspace: { configuration: true, applyEdit: true, workspaceFolders: true },
      },
      initializationOptions,
    });
    this.notify('initialized', {});
    return result;
  }

  /** The number of diagnostics notifications published for `uri` so far. */
  publishedCount(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  /** The next diagnostics published for `uri` after `count` earlier ones. */
  async nextDiagnostics(uri: string, count: number, timeoutMs = 60_000): Promise<LspDiagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.publishedCount(uri) <= count) {
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} within ${String(timeoutMs)} ms; server stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.published.get(uri)?.[count] ?? [];
  }

  /** Opens a document and waits for its diagnostics. */
  async open(uri: string, text: string): Promise<LspDiagnostic[]> {
    const count = this.publishedCount(uri);
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    return this.nextDiagnostics(uri, count);
  }

  /** Replaces a document's whole text (full sync) and waits for its diagnostics. */
  async change(uri: string, text: string): Promise<LspDiagnostic[]> {
    const count = this.publishedCount(uri);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return this.nextDiagnostics(uri, count);
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Opens a document without waiting for pushed diagnostics (a server that answers pull requests only). */
  openQuietly(uri: string, text: string): void {
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  }

  /** Pull diagnostics (`textDocument/diagnostic`), asked until the server has linted the document. */
  async pullDiagnostics(uri: string, timeoutMs = 60_000): Promise<LspDiagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const report = await this.request<{ items?: LspDiagnostic[] } | null>('textDocument/diagnostic', { textDocument: { uri } });
      if (report?.items && report.items.length > 0) return report.items;
      if (Date.now() > deadline) return report?.items ?? [];
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async codeActions(uri: string, diagnostic: LspDiagnostic): Promise<LspCodeAction[]> {
    return (await this.request<LspCodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) ?? [];
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((resolve) => setTimeout(resolve, 5000))]);
      this.notify('exit', null);
    } finally {
      setTimeout(() => this.child.kill(), 1000).unref();
    }
  }
}

/** `text` with LSP text edits applied (positions in UTF-16 code units, as LSP counts them by default). */
export function applyEdits(text: string, edits: readonly LspTextEdit[]): string {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') lineStarts.push(index + 1);
  const offset = ({ line, character }: LspPosition): number => (lineStarts[line] ?? text.length) + character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

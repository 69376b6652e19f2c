#!/usr/bin/env node
// Generates a synthetic NestJS microservice code base for the benchmark:
//
//   node bench/generate.mjs <files> <outDir> [--clean]
//
// Deterministic: the same <files> always gives byte-identical output (a seeded PRNG, no Date or Math.random).
// The code base has `src/` with a few shared files and one folder per domain module; each module has 10 files:
//   topics      Kafka/Redis topics as an `as const` object, an enum, or constants (and the client's injection token)
//   entity      a plain class, or a TypeORM entity
//   dto         payload interfaces and a validator (plain code)
//   mapper      pure functions (plain code)
//   repository  in-memory, or backed by a TypeORM DataSource
//   service     the publisher: handled and unhandled emit()s, send()s with and without timeout, unsubscribed send(),
//               fire-and-forget metrics, `void` emits, subscribe() with an error handler, EventEmitter lookalikes,
//               an emit() whose payload may be undefined in every third module
//   outbox      more publishing: emit() in loops, in Promise.all (raw and converted), subscribe() without error handler
//   notifier    lookalikes: Node's EventEmitter.emit, a mailer with its own send(), an rxjs Subject; every fifth
//               module's also a hand-made audit client (closed in --clean) and an @EventPattern on the provider
//               (not in --clean)
//   controller  @MessagePattern / @EventPattern handlers (for its own requests and the previous module's events), one
//               throwing an HttpException in every third module
//   module      @Module with ClientsModule.register
// Module m sends requests to module m+1 and emits events that module m+1's controller handles. Even modules use a
// Kafka client (`ClientKafkaProxy`, with `subscribeToResponseOf` in `onModuleInit`), odd ones a `ClientProxy`.
// Files left over when <files> is not a multiple of 10 become extra plain-code helper files.
//
// The output has a tsconfig.json (strict, decorators, Bundler resolution) and a `node_modules` symlink to this
// repository's node_modules, so `npx tsc -p <outDir>` type-checks it and typed linting resolves the real
// `@nestjs/common`, `@nestjs/microservices`, `rxjs` and `typeorm` declarations.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bump when the generated code changes, so cached code bases under bench/out are regenerated. */
export const GENERATOR_VERSION = 6;

const FILES_PER_MODULE = 10;
const SHARED_FILES = ['main.ts', 'app.module.ts', 'shared/metrics.ts', 'shared/strings.ts', 'shared/result.ts', 'shared/pagination.ts'];

const WORDS = [
  'order', 'invoice', 'payment', 'shipment', 'customer', 'inventory', 'catalog', 'cart', 'refund', 'review',
  'coupon', 'account', 'ledger', 'warehouse', 'supplier', 'pricing', 'tax', 'loyalty', 'subscription', 'billing',
  'delivery', 'return', 'fraud', 'audit', 'session', 'profile', 'address', 'wishlist', 'promotion', 'report',
];

/** mulberry32: a small, fast, seedable PRNG. */
function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

const pascal = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/** Collects named imports per module specifier and renders them merged and sorted. */
class Imports {
  #bySource = new Map();
  add(source, name, { type = false } = {}) {
    let names = this.#bySource.get(source);
    if (!names) {
      names = new Map();
      this.#bySource.set(source, names);
    }
    // A value import wins over a type-only import of the same name.
    names.set(name, (names.get(name) ?? true) && type);
    return this;
  }
  render() {
    const external = [];
    const local = [];
    for (const [source, names] of [...this.#bySource].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const list = [...names]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, type]) => (type ? `type ${name}` : name));
      (source.startsWith('.') ? local : external).push(`import { ${list.join(', ')} } from '${source}';`);
    }
    return [external.join('\n'), local.join('\n')].filter(Boolean).join('\n\n');
  }
}

function describeModule(index, count) {
  const word = WORDS[index % WORDS.length];
  const name = `${word}${index}`;
  return {
    index,
    name,
    Name: pascal(name),
    CONST: name.toUpperCase(),
    dir: `modules/${name}`,
    kafka: index % 2 === 0,
    topicStyle: ['object', 'enum', 'constants'][index % 3],
    typeorm: index % 3 === 1,
    count,
  };
}

/** The module a module's service talks to, and the one whose events its controller consumes. */
const nextOf = (modules, module) => modules[(module.index + 1) % modules.length];
const previousOf = (modules, module) => modules[(module.index - 1 + modules.length) % modules.length];

/** Relative import path from module `from` to file `file` of module `to`. */
function importPath(from, to, file) {
  return from.name === to.name ? `./${to.name}.${file}` : `../${to.name}/${to.name}.${file}`;
}

/* ------------------------------------------------------------------------------------------------------------
 * Shared files
 * ---------------------------------------------------------------------------------------------------------- */

function mainFile(clean) {
  return `import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';

import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'bench', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') },
      consumer: { groupId: 'bench-consumer' },
    },
  });
  // Audit events over RabbitMQ: each RMQ handler acknowledges its message itself (require-rmq-ack).
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.RMQ,
    options: { urls: ['amqp://localhost:5672'], queue: 'bench_audit', noAck: false },
  });
  // Price updates over NATS: without a queue group every instance handles every message (require-nats-queue-group).
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    options: { servers: ['nats://localhost:4222']${clean ? ", queue: 'bench'" : ''} },
  });
  await app.startAllMicroservices();
  await app.listen(Number(process.env.PORT ?? 3000));
}

void bootstrap();
`;
}

function appModuleFile(modules) {
  const imports = new Imports().add('@nestjs/common', 'Module');
  for (const module of modules) imports.add(`./${module.dir}/${module.name}.module`, `${module.Name}Module`);
  return `${imports.render()}

@Module({
  imports: [
${modules.map((module) => `    ${module.Name}Module,`).join('\n')}
  ],
})
export class AppModule {}
`;
}

function metricsFile() {
  return `/** Metric names and a tiny in-process histogram (plain code). */
export const METRIC_PREFIX = 'bench';

export interface MetricSample {
  readonly name: string;
  readonly value: number;
  readonly at: number;
}

export class Histogram {
  private readonly buckets: number[];

  constructor(private readonly bounds: readonly number[] = [1, 5, 10, 50, 100, 500, 1000]) {
    this.buckets = bounds.map(() => 0).concat(0);
  }

  observe(value: number): void {
    const index = this.bounds.findIndex((bound) => value <= bound);
    const slot = index === -1 ? this.bounds.length : index;
    this.buckets[slot] = (this.buckets[slot] ?? 0) + 1;
  }

  snapshot(): Record<string, number> {
    const result: Record<string, number> = {};
    this.bounds.forEach((bound, index) => {
      result[\`le_\${bound}\`] = this.buckets[index] ?? 0;
    });
    result.inf = this.buckets[this.bounds.length] ?? 0;
    return result;
  }
}

export function metricName(service: string, event: string): string {
  return \`\${METRIC_PREFIX}.\${service}.\${event}\`.toLowerCase();
}

export function sample(service: string, event: string, value = 1): MetricSample {
  return { name: metricName(service, event), value, at: Date.now() };
}
`;
}

function stringsFile() {
  return `/** String helpers (plain code). */
export function slugify(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function truncate(input: string, max = 80): string {
  return input.length <= max ? input : \`\${input.slice(0, max - 3)}...\`;
}

export function titleCase(input: string): string {
  return input
    .split(/\\s+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(' ');
}

export function hashCode(input: string): number {
  let hash = 0;
  for (let index = 0; index < input.length; index++) {
    hash = (hash * 31 + input.charCodeAt(index)) | 0;
  }
  return hash;
}
`;
}

function resultFile() {
  return `/** A small Result type (plain code). */
export type Result<T, E = Error> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });

export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  throw result.error instanceof Error ? result.error : new Error(String(result.error));
}

export function mapResult<T, U, E>(result: Result<T, E>, map: (value: T) => U): Result<U, E> {
  return result.ok ? ok(map(result.value)) : result;
}

export async function attempt<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await run());
  } catch (error) {
    return fail(error instanceof Error ? error : new Error(String(error)));
  }
}
`;
}

function paginationFile() {
  return `/** Pagination helpers (plain code). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export function paginate<T>(items: readonly T[], page = 1, pageSize = 20): Page<T> {
  const start = (Math.max(page, 1) - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), total: items.length, page, pageSize };
}

export function pageCount(page: Page<unknown>): number {
  return Math.max(1, Math.ceil(page.total / page.pageSize));
}

export function sortBy<T>(items: readonly T[], key: (item: T) => number | string): T[] {
  return [...items].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}
`;
}

/* ------------------------------------------------------------------------------------------------------------
 * Module files
 * ---------------------------------------------------------------------------------------------------------- */

const TOPIC_KEYS = ['Created', 'Updated', 'Cancelled', 'Get', 'Check', 'Reserve', 'Metrics'];

function topicsFile(m, clean) {
  const route = (key) => (key === 'Metrics' ? `metrics.${m.name}` : `${m.name}.${key.toLowerCase()}`);
  const token = `export const ${m.CONST}_CLIENT = '${m.CONST}_CLIENT';`;
  // Reserve is left out on purpose (require-kafka-response-subscription), except in the clean code base.
  const replyKeys = clean ? ['Get', 'Check', 'Reserve'] : ['Get', 'Check'];
  const requestTopics = `/** Request topics other modules send() to: their Kafka clients subscribe to the replies. */
export const ${m.CONST}_REPLY_TOPICS = [${replyKeys.map((key) => `${m.Name}Topics.${key}`).join(', ')}] as const;`;
  if (m.topicStyle === 'enum') {
    return `/** Topics of the ${m.name} module. */
export enum ${m.Name}Topics {
${TOPIC_KEYS.map((key) => `  ${key} = '${route(key)}',`).join('\n')}
}

${requestTopics}

/** Injection token of the module's microservice client. */
${token}
`;
  }
  if (m.topicStyle === 'constants') {
    return `/** Topics of the ${m.name} module. */
${TOPIC_KEYS.map((key) => `export const ${m.CONST}_${key.toUpperCase()} = '${route(key)}';`).join('\n')}

export const ${m.Name}Topics = {
${TOPIC_KEYS.map((key) => `  ${key}: ${m.CONST}_${key.toUpperCase()},`).join('\n')}
} as const;

export type ${m.Name}Topic = (typeof ${m.Name}Topics)[keyof typeof ${m.Name}Topics];

${requestTopics}

/** Injection token of the module's microservice client. */
${token}
`;
  }
  return `/** Topics of the ${m.name} module. */
export const ${m.Name}Topics = {
${TOPIC_KEYS.map((key) => `  ${key}: '${route(key)}',`).join('\n')}
} as const;

export type ${m.Name}Topic = (typeof ${m.Name}Topics)[keyof typeof ${m.Name}Topics];

${requestTopics}

/** Injection token of the module's microservice client. */
${token}
`;
}

function entityFile(m, random) {
  const extraFields = random.int(1, 4);
  const fields = [];
  for (let index = 0; index < extraFields; index++) {
    fields.push(
      random.chance(0.5)
        ? { name: `score${index}`, type: 'number', init: String(random.int(0, 100)), column: '@Column()' }
        : { name: `note${index}`, type: 'string', init: `''`, column: '@Column()' },
    );
  }
  const orm = m.typeorm;
  const decorate = (decorator) => (orm ? `  ${decorator}\n` : '');
  const imports = new Imports().add(`./${m.name}.dto`, `Create${m.Name}Dto`, { type: true });
  if (orm) imports.add('typeorm', 'Column').add('typeorm', 'Entity').add('typeorm', 'PrimaryColumn');
  return `${imports.render()}

export type ${m.Name}Status = 'pending' | 'active' | 'reserved' | 'cancelled' | 'archived';

${orm ? `@Entity('${m.name}')\n` : ''}export class ${m.Name} {
${decorate('@PrimaryColumn()')}  id = '';
${decorate('@Column()')}  name = '';
${decorate('@Column()')}  amountCents = 0;
${decorate(`@Column('simple-array')`)}  tags: string[] = [];
${decorate(`@Column({ type: 'varchar' })`)}  status: ${m.Name}Status = 'pending';
${decorate(`@Column({ type: 'timestamp', nullable: true })`)}  publishedAt: Date | null = null;
${decorate('@Column()')}  version = 0;
${fields.map((field) => `${decorate(field.column)}  ${field.name}: ${field.type} = ${field.init};`).join('\n')}

  static create(id: string, dto: Create${m.Name}Dto): ${m.Name} {
    const entity = new ${m.Name}();
    entity.id = id;
    entity.name = dto.name.trim();
    entity.amountCents = Math.max(0, Math.round(dto.amountCents));
    entity.tags = [...new Set(dto.tags)].sort();
    return entity;
  }

  apply(patch: Partial<Create${m.Name}Dto>): void {
    if (patch.name !== undefined) this.name = patch.name.trim();
    if (patch.amountCents !== undefined) this.amountCents = Math.max(0, Math.round(patch.amountCents));
    if (patch.tags !== undefined) this.tags = [...new Set(patch.tags)].sort();
    this.version++;
  }

  markPublished(at: Date = new Date()): void {
    this.publishedAt = at;
  }

  get isOpen(): boolean {
    return this.status === 'pending' || this.status === 'active' || this.status === 'reserved';
  }

  get weight(): number {
    return this.tags.length * 10 + this.amountCents / 100${fields
      .filter((field) => field.type === 'number')
      .map((field) => ` + this.${field.name}`)
      .join('')};
  }
}
`;
}

function dtoFile(m) {
  return `import type { ${m.Name}Status } from './${m.name}.entity';

export interface Create${m.Name}Dto {
  readonly name: string;
  readonly amountCents: number;
  readonly tags: readonly string[];
}

/** Payload of the ${m.name} events. */
export interface ${m.Name}Event {
  readonly id: string;
  readonly name: string;
  readonly status: ${m.Name}Status;
  readonly amountCents: number;
  readonly at: number;
}

/** Reply to \`${m.name}.get\`. */
export interface ${m.Name}Summary {
  readonly id: string;
  readonly total: number;
  readonly open: boolean;
}

export interface ${m.Name}Check {
  readonly id: string;
  readonly ok: boolean;
}

export function isCreate${m.Name}Dto(input: unknown): input is Create${m.Name}Dto {
  if (typeof input !== 'object' || input === null) return false;
  const candidate = input as Record<string, unknown>;
  return (
    typeof candidate.name === 'string' &&
    candidate.name.length > 0 &&
    typeof candidate.amountCents === 'number' &&
    Number.isFinite(candidate.amountCents) &&
    Array.isArray(candidate.tags) &&
    candidate.tags.every((tag) => typeof tag === 'string')
  );
}
`;
}

function mapperFile(m, random) {
  const threshold = random.int(1000, 90000);
  return `import { paginate, type Page, sortBy } from '../../shared/pagination';
import { slugify, truncate } from '../../shared/strings';
import type { ${m.Name}Event, ${m.Name}Summary } from './${m.name}.dto';
import type { ${m.Name} } from './${m.name}.entity';

export function to${m.Name}Event(entity: ${m.Name}): ${m.Name}Event {
  return { id: entity.id, name: entity.name, status: entity.status, amountCents: entity.amountCents, at: Date.now() };
}

export function to${m.Name}Summary(entity: ${m.Name}): ${m.Name}Summary {
  return { id: entity.id, total: entity.amountCents, open: entity.isOpen };
}

export function label${m.Name}(entity: ${m.Name}): string {
  return truncate(\`\${slugify(entity.name)} (\${entity.tags.join(', ')})\`, 64);
}

export function largest${m.Name}s(entities: readonly ${m.Name}[], page = 1): Page<${m.Name}Summary> {
  const sorted = sortBy(entities, (entity) => -entity.amountCents).filter((entity) => entity.amountCents > ${threshold});
  return paginate(sorted.map(to${m.Name}Summary), page);
}

export function group${m.Name}sByStatus(entities: readonly ${m.Name}[]): Map<string, ${m.Name}[]> {
  const groups = new Map<string, ${m.Name}[]>();
  for (const entity of entities) {
    const group = groups.get(entity.status) ?? [];
    group.push(entity);
    groups.set(entity.status, group);
  }
  return groups;
}
`;
}

function repositoryFile(m) {
  if (m.typeorm) {
    return `import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, type Repository } from 'typeorm';

import { ${m.Name} } from './${m.name}.entity';

export const ${m.CONST}_DATA_SOURCE = '${m.CONST}_DATA_SOURCE';

@Injectable()
export class ${m.Name}Repository {
  constructor(@Inject(${m.CONST}_DATA_SOURCE) private readonly dataSource: DataSource) {}

  private get table(): Repository<${m.Name}> {
    return this.dataSource.getRepository(${m.Name});
  }

  async save(entity: ${m.Name}): Promise<${m.Name}> {
    return this.table.save(entity);
  }

  async findById(id: string): Promise<${m.Name} | undefined> {
    return (await this.table.findOneBy({ id })) ?? undefined;
  }

  async findUnpublished(): Promise<${m.Name}[]> {
    return this.table.find({ where: { publishedAt: IsNull() }, take: 100 });
  }

  async markPublished(id: string, at: Date = new Date()): Promise<void> {
    await this.table.update({ id }, { publishedAt: at });
  }

  async count(): Promise<number> {
    return this.table.count();
  }
}
`;
  }
  return `import { Injectable } from '@nestjs/common';

import type { ${m.Name} } from './${m.name}.entity';

/** In-memory stand-in for a database repository. */
@Injectable()
export class ${m.Name}Repository {
  private readonly rows = new Map<string, ${m.Name}>();

  async save(entity: ${m.Name}): Promise<${m.Name}> {
    this.rows.set(entity.id, entity);
    return entity;
  }

  async findById(id: string): Promise<${m.Name} | undefined> {
    return this.rows.get(id);
  }

  async findUnpublished(): Promise<${m.Name}[]> {
    return [...this.rows.values()].filter((entity) => entity.publishedAt === null);
  }

  async markPublished(id: string, at: Date = new Date()): Promise<void> {
    const entity = this.rows.get(id);
    if (entity) entity.publishedAt = at;
  }

  async count(): Promise<number> {
    return this.rows.size;
  }
}
`;
}

function clientType(m) {
  return m.kafka ? 'ClientKafkaProxy' : 'ClientProxy';
}

/**
 * The publisher. Every method is one usage pattern; a few are picked at random per module so that the mix
 * varies, the rest are always there. Comments say what each rule should make of it.
 */
function serviceFile(m, modules, random, clean) {
  const next = nextOf(modules, m);
  const imports = new Imports()
    .add('@nestjs/common', 'Inject')
    .add('@nestjs/common', 'Injectable')
    .add('@nestjs/common', 'Logger')
    .add('@nestjs/common', 'NotFoundException')
    .add('@nestjs/microservices', clientType(m), { type: true })
    .add('node:crypto', 'randomUUID')
    .add('node:events', 'EventEmitter')
    .add('rxjs', 'lastValueFrom')
    .add('rxjs', 'timeout')
    .add('../../shared/metrics', 'Histogram')
    .add('../../shared/metrics', 'sample')
    .add(`./${m.name}.dto`, `Create${m.Name}Dto`, { type: true })
    .add(`./${m.name}.entity`, m.Name)
    .add(`./${m.name}.mapper`, `to${m.Name}Event`)
    .add(`./${m.name}.mapper`, `to${m.Name}Summary`)
    .add(`./${m.name}.repository`, `${m.Name}Repository`)
    .add(`./${m.name}.topics`, `${m.CONST}_CLIENT`)
    .add(`./${m.name}.topics`, `${m.Name}Topics`)
    .add(importPath(m, next, 'topics'), `${next.Name}Topics`)
    .add(importPath(m, next, 'dto'), `${next.Name}Summary`, { type: true })
    .add(importPath(m, next, 'dto'), `${next.Name}Check`, { type: true });
  if (m.kafka) {
    imports.add('@nestjs/common', 'OnModuleInit', { type: true }).add(importPath(m, next, 'topics'), `${next.CONST}_REPLY_TOPICS`);
  }
  const methods = [];

  methods.push(`  /** Handled: waits for the broker before marking the entity as published. */
  async create(dto: Create${m.Name}Dto): Promise<${m.Name}> {
    const entity = ${m.Name}.create(randomUUID(), dto);
    await this.repository.save(entity);
    await lastValueFrom(this.client.emit(${m.Name}Topics.Created, to${m.Name}Event(entity)));
    entity.markPublished();
    await this.repository.save(entity);
    this.localEvents.emit('created', entity.id);
    return entity;
  }`);

  methods.push(`  /** ${clean ? 'Handled' : 'Unhandled'} emit before a state change${clean ? '' : ' (no-unawaited-emit)'}. */
  async update(id: string, patch: Partial<Create${m.Name}Dto>): Promise<${m.Name}> {
    const entity = await this.require(id);
    entity.apply(patch);
    ${clean ? `await lastValueFrom(this.client.emit(${m.Name}Topics.Updated, to${m.Name}Event(entity)))` : `this.client.emit(${m.Name}Topics.Updated, to${m.Name}Event(entity))`};
    await this.repository.save(entity);
    return entity;
  }`);

  // Module 0 has every planted pattern (the smoke test relies on it); the others get a random mix.
  const planted = (probability) => random.chance(probability) || m.index === 0;
  // Every third module (no random draw, so the rest of the code base stays as it was).
  const nullable = m.index % 3 === 0 && !clean;
  methods.push(`  /** Republishes an entity${nullable ? ' that may not exist (no-nullish-payload)' : ', when it exists'}. */
  async republish(id: string): Promise<void> {
    const entity = await this.repository.findById(id);
    ${nullable ? `await lastValueFrom(this.client.emit(${m.Name}Topics.Updated, entity && to${m.Name}Event(entity)))` : `if (entity) await lastValueFrom(this.client.emit(${m.Name}Topics.Updated, to${m.Name}Event(entity)))`};
  }`);
  if (planted(0.5) && !clean) {
    methods.push(`  /** An awaited Observable (no-unawaited-emit). */
  async cancel(id: string): Promise<void> {
    const entity = await this.require(id);
    await this.client.emit(${m.Name}Topics.Cancelled, { id, at: Date.now() });
    entity.status = 'cancelled';
    await this.repository.save(entity);
  }`);
  } else {
    methods.push(`  async cancel(id: string): Promise<void> {
    const entity = await this.require(id);
    entity.status = 'cancelled';
    await this.repository.save(entity);
    await lastValueFrom(this.client.emit(${m.Name}Topics.Cancelled, { id, at: Date.now() }));
  }`);
  }

  methods.push(`  /** ${clean ? 'Fire-and-forget telemetry, marked with `void`.' : 'Fire-and-forget telemetry: fine in recommended, reported by strict (reportFireAndForget).'} */
  async view(id: string): Promise<${m.Name}> {
    const entity = await this.require(id);
    ${clean ? 'void ' : ''}this.client.emit(${m.Name}Topics.Metrics, sample('${m.name}', 'viewed'));
    this.logger.debug(\`${m.name} \${id} viewed\`);
    return entity;
  }`);

  methods.push(`  /** A deliberate fire-and-forget. */
  tick(): void {
    void this.client.emit(${m.Name}Topics.Metrics, sample('${m.name}', 'tick', this.processed));
    this.processed++;
  }`);

  methods.push(`  /** Subscribed with an error handler. */
  shutdown(): void {
    this.client.emit(${m.Name}Topics.Metrics, { stopping: true }).subscribe({
      error: (error: unknown) => this.logger.warn(\`shutdown metric lost: \${String(error)}\`),
    });
    this.processed = 0;
  }`);

  methods.push(`  /** Request with a timeout. */
  async summaryOf${next.Name}(id: string): Promise<${next.Name}Summary> {
    const started = Date.now();
    const summary = await lastValueFrom(this.client.send<${next.Name}Summary>(${next.Name}Topics.Get, { id }).pipe(timeout(5_000)));
    this.latency.observe(Date.now() - started);
    return summary;
  }`);

  methods.push(`  /** Request ${clean ? 'with' : 'without'} a timeout${clean ? '' : ' (require-send-timeout)'}. */
  async check${next.Name}(id: string): Promise<boolean> {
    const reply = await lastValueFrom(this.client.send<${next.Name}Check>(${next.Name}Topics.Check, { id })${clean ? '.pipe(timeout(5_000))' : ''});
    return reply.ok;
  }`);

  const unsubscribed = planted(0.6) && !clean;
  if (unsubscribed) {
    methods.push(`  /** Never subscribed: nothing is sent (no-unsubscribed-send). */
  async reserve(id: string): Promise<void> {
    const entity = await this.require(id);
    this.client.send(${next.Name}Topics.Reserve, { id, amountCents: entity.amountCents });
    entity.status = 'reserved';
    await this.repository.save(entity);
  }`);
  }
  if (!unsubscribed || m.index === 0) {
    methods.push(`  /** Subscribed, with a timeout${m.kafka && !clean ? '; its reply topic is not subscribed (require-kafka-response-subscription)' : ''}. */
  async reserveAndWait(id: string): Promise<void> {
    const entity = await this.require(id);
    const reply = await lastValueFrom(this.client.send<${next.Name}Check>(${next.Name}Topics.Reserve, { id }).pipe(timeout(2_000)));
    entity.status = reply.ok ? 'reserved' : 'pending';
    await this.repository.save(entity);
  }`);
  }

  if (m.index % 4 === 0) {
    methods.push(clean
      ? `  /** emit() to a route an @EventPattern handles. */
  async replayCreated(id: string): Promise<void> {
    const entity = await this.require(id);
    await lastValueFrom(this.client.emit(${m.Name}Topics.Created, to${m.Name}Event(entity)));
  }`
      : `  /** send() on a route only an @EventPattern handles (prefer-emit-for-events). */
  async replayCreated(id: string): Promise<void> {
    const entity = await this.require(id);
    await lastValueFrom(this.client.send(${m.Name}Topics.Created, to${m.Name}Event(entity)).pipe(timeout(3_000)));
  }`);
  }

  if (planted(0.3)) {
    methods.push(clean
      ? `  async touch(entity: ${m.Name}): Promise<void> {
    entity.version++;
    await this.repository.save(entity);
  }`
      : `  /** A floating promise (no-floating-promises), and no client call at all. */
  touch(entity: ${m.Name}): void {
    entity.version++;
    this.repository.save(entity);
  }`);
  }

  methods.push(`  async summary(id: string): Promise<ReturnType<typeof to${m.Name}Summary>> {
    return to${m.Name}Summary(await this.require(id));
  }

  stats(): Record<string, number> {
    return { processed: this.processed, ...this.latency.snapshot() };
  }

  private async require(id: string): Promise<${m.Name}> {
    const entity = await this.repository.findById(id);
    if (!entity) throw new NotFoundException(\`${m.name} \${id} not found\`);
    return entity;
  }`);

  const onModuleInit = m.kafka
    ? `  async onModuleInit(): Promise<void> {
    // send() on Kafka needs the reply topics subscribed before the client connects${clean ? '' : ' (Reserve is missing on purpose)'}.
    for (const topic of ${next.CONST}_REPLY_TOPICS) this.client.subscribeToResponseOf(topic);
    await this.client.connect();
  }

`
    : '';

  return `${imports.render()}

@Injectable()
export class ${m.Name}Service${m.kafka ? ' implements OnModuleInit' : ''} {
  private readonly logger = new Logger(${m.Name}Service.name);
  /** In-process notifications: Node's EventEmitter, not a microservice client. */
  readonly localEvents = new EventEmitter();
  private readonly latency = new Histogram();
  private processed = 0;

  constructor(
    @Inject(${m.CONST}_CLIENT) private readonly client: ${clientType(m)},
    private readonly repository: ${m.Name}Repository,
  ) {}

${onModuleInit}${methods.join('\n\n')}
}
`;
}

function outboxFile(m, random, clean) {
  const batch = random.int(10, 200);
  const planted = (probability) => random.chance(probability) || m.index === 0;
  const imports = new Imports()
    .add('@nestjs/common', 'Inject')
    .add('@nestjs/common', 'Injectable')
    .add('@nestjs/common', 'Logger')
    .add('@nestjs/microservices', clientType(m), { type: true })
    .add('rxjs', 'lastValueFrom')
    .add(`./${m.name}.entity`, m.Name, { type: true })
    .add(`./${m.name}.mapper`, `to${m.Name}Event`)
    .add(`./${m.name}.repository`, `${m.Name}Repository`)
    .add(`./${m.name}.topics`, `${m.CONST}_CLIENT`)
    .add(`./${m.name}.topics`, `${m.Name}Topics`);
  const methods = [];
  methods.push(`  /** Handled in a loop: each entity is marked only after its event was delivered. */
  async republish(): Promise<number> {
    const pending = (await this.repository.findUnpublished()).slice(0, ${batch});
    for (const entity of pending) {
      await lastValueFrom(this.client.emit(${m.Name}Topics.Created, to${m.Name}Event(entity)));
      entity.markPublished();
      await this.repository.save(entity);
    }
    return pending.length;
  }`);
  methods.push(`  /** Converted before Promise.all: waits for every delivery. */
  async broadcast(entities: readonly ${m.Name}[]): Promise<void> {
    await Promise.all(entities.map((entity) => lastValueFrom(this.client.emit(${m.Name}Topics.Updated, to${m.Name}Event(entity)))));
    this.sent += entities.length;
  }`);
  if (planted(0.4)) {
    const emit = `this.client.emit(${m.Name}Topics.Updated, to${m.Name}Event(entity))`;
    methods.push(`  /** Observables handed to Promise.all${clean ? ', converted' : ' as plain values (no-unawaited-emit)'}. */
  async broadcastRaw(entities: readonly ${m.Name}[]): Promise<void> {
    await Promise.all(entities.map((entity) => ${clean ? `lastValueFrom(${emit})` : emit}));
    this.sent += entities.length;
  }`);
  }
  if (planted(0.4)) {
    methods.push(`  /** Subscribed ${clean ? 'with' : 'without'} an error handler${clean ? '' : ' (no-unawaited-emit)'}. */
  ping(): void {
    this.client.emit(${m.Name}Topics.Metrics, { ping: Date.now() }).subscribe(${clean ? '{ error: (error: unknown) => this.logger.warn(String(error)) }' : ''});
  }`);
  }
  methods.push(`  report(): string {
    const line = \`${m.name} outbox: \${this.sent} sent\`;
    this.logger.log(line);
    return line;
  }`);
  return `${imports.render()}

@Injectable()
export class ${m.Name}Outbox {
  private readonly logger = new Logger(${m.Name}Outbox.name);
  private sent = 0;

  constructor(
    @Inject(${m.CONST}_CLIENT) private readonly client: ${clientType(m)},
    private readonly repository: ${m.Name}Repository,
  ) {}

${methods.join('\n\n')}
}
`;
}

function notifierFile(m, random, clean) {
  const floatingPromise = random.chance(0.25) || m.index === 0;
  const floatingObservable = random.chance(0.25) || m.index === 0;
  // No random draw here: the rest of the code base stays as it was.
  const auditClient = m.index % 5 === 0;
  const audit = auditClient
    ? `
  /** Created by hand: ${clean ? 'closed at shutdown' : 'never closed (require-client-close)'}. */
  private readonly audit = ClientProxyFactory.create({ transport: Transport.TCP, options: { port: 4000 } });
${
  clean
    ? `
  async onApplicationShutdown(): Promise<void> {
    await this.audit.close();
  }
`
    : `
  /** On a provider, not a controller: never registered (no-handler-outside-controller). */
  @EventPattern('${m.name}.audit')
  onAudit(event: ${m.Name}Event): void {
    this.stream.next(event);
  }
`
}`
    : '';
  const nestImports = auditClient
    ? `import { Injectable${clean ? ', type OnApplicationShutdown' : ''} } from '@nestjs/common';
import { ClientProxyFactory, ${clean ? '' : 'EventPattern, '}Transport } from '@nestjs/microservices';`
    : `import { Injectable } from '@nestjs/common';`;
  return `import { EventEmitter } from 'node:events';

${nestImports}
import { filter, map, type Observable, Subject } from 'rxjs';

import type { ${m.Name}Event } from './${m.name}.dto';

/** Has its own emit() and send(): lookalikes, not microservice clients. */
export class ${m.Name}Mailer {
  private readonly outbox: string[] = [];

  async send(to: string, body: string): Promise<number> {
    this.outbox.push(\`\${to}: \${body}\`);
    return this.outbox.length;
  }

  emit(kind: string): boolean {
    return this.outbox.push(kind) > 0;
  }
}

@Injectable()
export class ${m.Name}Notifier${auditClient && clean ? ' implements OnApplicationShutdown' : ''} {
  private readonly events = new EventEmitter();
  private readonly mailer = new ${m.Name}Mailer();
  private readonly stream = new Subject<${m.Name}Event>();
${audit}
  notify(event: ${m.Name}Event): void {
    this.events.emit('${m.name}', event);
    this.mailer.emit(event.status);
    void this.mailer.send('ops@example.com', JSON.stringify(event));
    this.stream.next(event);${floatingPromise ? `\n    ${clean ? 'void ' : ''}this.mailer.send('audit@example.com', event.id);` : ''}${floatingObservable ? `\n    ${clean ? 'void ' : ''}this.stream.pipe(map((item) => item.id));` : ''}
  }

  watch(status: ${m.Name}Event['status']): Observable<${m.Name}Event> {
    return this.stream.pipe(filter((event) => event.status === status));
  }

  onEvent(listener: (event: ${m.Name}Event) => void): () => void {
    this.events.on('${m.name}', listener);
    return () => this.events.off('${m.name}', listener);
  }

  async flush(): Promise<number> {
    return this.mailer.send('audit@example.com', 'flush');
  }
}
`;
}

function controllerFile(m, modules, random, clean) {
  const previous = previousOf(modules, m);
  const next = nextOf(modules, m);
  const objectPattern = random.chance(0.3);
  // Every third module (no random draw): an HttpException thrown in a @MessagePattern handler.
  const httpException = m.index % 3 === 0 && !clean;
  const imports = new Imports()
    .add(httpException ? '@nestjs/common' : '@nestjs/microservices', httpException ? 'BadRequestException' : 'RpcException')
    .add('@nestjs/common', 'Controller')
    .add('@nestjs/common', 'Inject')
    .add('@nestjs/common', 'Logger')
    .add('@nestjs/microservices', clientType(m), { type: true })
    .add('@nestjs/microservices', 'Ctx')
    .add('@nestjs/microservices', 'EventPattern')
    .add('@nestjs/microservices', 'MessagePattern')
    .add('@nestjs/microservices', 'Payload')
    .add('@nestjs/microservices', 'RmqContext', { type: true })
    .add('@nestjs/microservices', 'Transport')
    .add('rxjs', 'Observable', { type: true })
    .add('rxjs', 'timeout')
    .add(`./${m.name}.dto`, `${m.Name}Check`, { type: true })
    .add(`./${m.name}.dto`, `${m.Name}Summary`, { type: true })
    .add(`./${m.name}.notifier`, `${m.Name}Notifier`)
    .add(`./${m.name}.service`, `${m.Name}Service`)
    .add(`./${m.name}.topics`, `${m.CONST}_CLIENT`)
    .add(`./${m.name}.topics`, `${m.Name}Topics`)
    .add(importPath(m, previous, 'dto'), `${previous.Name}Event`, { type: true })
    .add(importPath(m, previous, 'topics'), `${previous.Name}Topics`)
    .add(importPath(m, next, 'dto'), `${next.Name}Summary`, { type: true })
    .add(importPath(m, next, 'topics'), `${next.Name}Topics`);
  return `${imports.render()}

@Controller()
export class ${m.Name}Controller {
  private readonly logger = new Logger(${m.Name}Controller.name);

  constructor(
    private readonly service: ${m.Name}Service,
    private readonly notifier: ${m.Name}Notifier,
    @Inject(${m.CONST}_CLIENT) private readonly client: ${clientType(m)},
  ) {}

  @MessagePattern(${m.Name}Topics.Get)
  async get(@Payload() request: { id: string }): Promise<${m.Name}Summary> {
    return this.service.summary(request.id);
  }

  @MessagePattern(${m.Name}Topics.Check)
  check(@Payload() request: { id: string }): ${m.Name}Check {
    // ${httpException ? 'The caller gets "Internal server error" (no-http-exception-in-message-handler).' : 'The caller gets this message.'}
    if (request.id === '') throw new ${httpException ? 'BadRequestException' : 'RpcException'}('id is required');
    return { id: request.id, ok: request.id.length > 0 };
  }

  @MessagePattern(${m.Name}Topics.Reserve)
  reserve(@Payload() request: { id: string; amountCents: number }): ${m.Name}Check {
    return { id: request.id, ok: request.amountCents >= 0 };
  }

  @MessagePattern(${objectPattern ? `{ cmd: '${m.name}.stats' }` : `'${m.name}.stats'`})
  stats(): Record<string, number> {
    return this.service.stats();
  }

  /** Returned to Nest, which subscribes: handled. */
  @MessagePattern('${m.name}.proxy')
  proxy(@Payload() request: { id: string }): Observable<${next.Name}Summary> {
    return this.client.send<${next.Name}Summary>(${next.Name}Topics.Get, request).pipe(timeout(2_000));
  }

  @EventPattern(${previous.Name}Topics.Created)
  async on${previous.Name}Created(@Payload() event: ${previous.Name}Event): Promise<void> {
    this.logger.debug(\`${previous.name} \${event.id} created\`);
    await this.service.create({ name: event.name, amountCents: event.amountCents, tags: ['${previous.name}'] });
  }

  @EventPattern(${previous.Name}Topics.Cancelled)
  on${previous.Name}Cancelled(@Payload() event: ${previous.Name}Event): void {
    this.notifier.notify(event);
  }

  /** From the RMQ server (\`noAck: false\`): acknowledged, except in module 0 (require-rmq-ack). */
  // <string>: NestJS 12's typed overload of a handler with a transport wants (data, ...args: unknown[]).
  @EventPattern<string>('${m.name}.audit', Transport.RMQ)
  onAudit(@Payload() event: { id: string }, @Ctx() context: RmqContext): void {
    this.logger.debug(\`audit \${event.id}\`);
${m.index === 0 && !clean ? '' : '    context.getChannelRef().ack(context.getMessage());\n'}  }
}
`;
}

function moduleFile(m, clean) {
  const imports = new Imports()
    .add('@nestjs/common', 'Module')
    .add('@nestjs/microservices', 'ClientsModule')
    .add('@nestjs/microservices', 'Transport')
    .add(`./${m.name}.controller`, `${m.Name}Controller`)
    .add(`./${m.name}.notifier`, `${m.Name}Notifier`)
    .add(`./${m.name}.outbox`, `${m.Name}Outbox`)
    .add(`./${m.name}.repository`, `${m.Name}Repository`)
    .add(`./${m.name}.service`, `${m.Name}Service`)
    .add(`./${m.name}.topics`, `${m.CONST}_CLIENT`);
  const client = m.kafka
    ? `{
        name: ${m.CONST}_CLIENT,
        transport: Transport.KAFKA,
        options: {
          client: { clientId: '${m.name}', brokers: ['localhost:9092'] },
          consumer: { groupId: '${m.name}-client' },
        },
      }`
    : `{
        name: ${m.CONST}_CLIENT,
        transport: Transport.REDIS,
        options: { host: 'localhost', port: 6379 },
      }`;
  // Module 0 plants `noAck: false` on a client without `persistent` (no-rmq-client-manual-ack, require-rmq-persistent).
  const rmqOptions =
    m.index === 0 && !clean ? `{ urls: ['amqp://localhost:5672'], queue: '${m.name}_audit', noAck: false }` : `{ urls: ['amqp://localhost:5672'], queue: '${m.name}_audit', persistent: true }`;
  return `${imports.render()}

@Module({
  imports: [
    ClientsModule.register([
      ${client},
      { name: '${m.CONST}_AUDIT', transport: Transport.RMQ, options: ${rmqOptions} },
    ]),
  ],
  controllers: [${m.Name}Controller],
  providers: [${m.Name}Service, ${m.Name}Outbox, ${m.Name}Repository, ${m.Name}Notifier],
})
export class ${m.Name}Module {}
`;
}

function extraFile(m, number, random) {
  const size = random.int(3, 8);
  const functions = [];
  for (let index = 0; index < size; index++) {
    const factor = random.int(2, 97);
    functions.push(`export function ${m.name}Helper${number}_${index}(values: readonly number[]): number {
  let total = 0;
  for (const value of values) {
    total += value % ${factor} === 0 ? value * ${factor} : value;
  }
  return Math.round(total / Math.max(values.length, 1));
}`);
  }
  return `/** Plain helpers (extra file ${number} of the ${m.name} module). */
${functions.join('\n\n')}
`;
}

function tsconfig() {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        types: ['node'],
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: true,
        noEmit: true,
      },
      include: ['src'],
    },
    null,
    2,
  )}\n`;
}

/**
 * Writes the code base and returns a summary. The output folder is emptied first (except a node_modules
 * symlink); `count` is the exact number of .ts files written.
 */
/**
 * Writes the code base for `count` files to `outDir`. With `clean`, every planted finding is written the way the
 * rules ask for (awaited, subscribed, with a timeout, `emit` for events, reply topics subscribed, `void` for
 * fire-and-forget): the same files and client calls, the state of a repository that lints clean in CI.
 */
export function generate(count, outDir, { clean = false } = {}) {
  if (!Number.isInteger(count) || count < SHARED_FILES.length + FILES_PER_MODULE) {
    throw new Error(`files must be an integer >= ${SHARED_FILES.length + FILES_PER_MODULE}, got ${count}`);
  }
  const moduleCount = Math.floor((count - SHARED_FILES.length) / FILES_PER_MODULE);
  const extraCount = count - SHARED_FILES.length - moduleCount * FILES_PER_MODULE;
  const modules = Array.from({ length: moduleCount }, (_, index) => describeModule(index, moduleCount));

  fs.rmSync(path.join(outDir, 'src'), { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'src/shared'), { recursive: true });
  const files = new Map();
  files.set('tsconfig.json', tsconfig());
  files.set('src/main.ts', mainFile(clean));
  files.set('src/app.module.ts', appModuleFile(modules));
  files.set('src/shared/metrics.ts', metricsFile());
  files.set('src/shared/strings.ts', stringsFile());
  files.set('src/shared/result.ts', resultFile());
  files.set('src/shared/pagination.ts', paginationFile());
  for (const m of modules) {
    // One PRNG per module: a module's code does not depend on how many modules come before it.
    const random = createRandom(0x5eed + m.index * 7919);
    const base = `src/${m.dir}/${m.name}`;
    files.set(`${base}.topics.ts`, topicsFile(m, clean));
    files.set(`${base}.entity.ts`, entityFile(m, random));
    files.set(`${base}.dto.ts`, dtoFile(m));
    files.set(`${base}.mapper.ts`, mapperFile(m, random));
    files.set(`${base}.repository.ts`, repositoryFile(m));
    files.set(`${base}.service.ts`, serviceFile(m, modules, random, clean));
    files.set(`${base}.outbox.ts`, outboxFile(m, random, clean));
    files.set(`${base}.notifier.ts`, notifierFile(m, random, clean));
    files.set(`${base}.controller.ts`, controllerFile(m, modules, random, clean));
    files.set(`${base}.module.ts`, moduleFile(m, clean));
  }
  for (let extra = 0; extra < extraCount; extra++) {
    const m = modules[extra % modules.length];
    const random = createRandom(0xe47a + extra * 104729);
    files.set(`src/${m.dir}/${m.name}.extra${extra}.ts`, extraFile(m, extra, random));
  }

  let lines = 0;
  let bytes = 0;
  let clientCalls = 0;
  for (const [file, text] of files) {
    clientCalls += text.match(/\bthis\.client\.(?:emit|send)\b/g)?.length ?? 0;
    const target = path.join(outDir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    if (file.endsWith('.ts')) {
      lines += text.split('\n').length - 1;
      bytes += Buffer.byteLength(text);
    }
  }
  const link = path.join(outDir, 'node_modules');
  let linked = false;
  try {
    linked = fs.readlinkSync(link) === path.join(repoRoot, 'node_modules');
  } catch {
    // missing, or not a symlink
  }
  if (!linked) {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), link, 'dir');
  }
  const tsFiles = [...files.keys()].filter((file) => file.endsWith('.ts'));
  return { files: tsFiles.length, modules: moduleCount, extraFiles: extraCount, lines, bytes, clientCalls, clean, generatorVersion: GENERATOR_VERSION };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [countArg, outArg] = process.argv.slice(2);
  const count = Number(countArg);
  if (!countArg || !outArg || !Number.isInteger(count)) {
    console.error('usage: node bench/generate.mjs <files> <outDir> [--clean]');
    process.exit(2);
  }
  const summary = generate(count, path.resolve(outArg), { clean: process.argv.includes('--clean') });
  console.log(JSON.stringify(summary));
}

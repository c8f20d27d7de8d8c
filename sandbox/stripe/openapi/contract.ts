import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Exchange, ServerObserver } from '../services';
import type { StripeEvent } from '../store';

/**
 * Stripe's own API description, trimmed (stripe-api.trimmed.json, made by trim.js; its `x-source`
 * names the commit of github.com/stripe/openapi it came from), as a contract for the test server and
 * for the service's calls: every answer must match the operation's response schema, every event's
 * object its resource's schema, and every request may only carry parameters Stripe knows.
 *
 * The newest complete description in that repository's history describes API version 2023-08-16,
 * older than the version the service pins (2026-10-28.endive). Objects are not closed in Stripe's
 * schemas, so fields added since pass; parameters added or removed since are listed below, each
 * checked against stripe@23.1.0's types for the pinned version.
 */
const ADDED_SINCE: Record<string, string[]> = {
  // "allowed_payment_method_types" replaced "payment_method_types" on these operations.
  'POST /v1/payment_intents': ['allowed_payment_method_types'],
  'POST /v1/payment_intents/{intent}/confirm': ['allowed_payment_method_types'],
  'POST /v1/checkout/sessions': ['allowed_payment_method_types', 'excluded_payment_method_types'],
  'POST /v1/payment_methods/{payment_method}/attach': ['customer_account'],
};
const REMOVED_SINCE: Record<string, string[]> = {
  // Checkout Sessions filter the dynamic payment methods with allowed_payment_method_types now.
  'POST /v1/checkout/sessions': ['payment_method_types'],
};

const DESCRIPTION = path.join(__dirname, 'stripe-api.trimmed.json');
/** Stripe's extensions (`x-…`) are not JSON Schema; refs are not inlined (the schemas share much). */
const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false, inlineRefs: false } as const;

/** Resources by the `object` field of an event's `data.object`. */
const OBJECT_SCHEMAS: Record<string, string> = {
  customer: 'customer',
  payment_method: 'payment_method',
  payment_intent: 'payment_intent',
  setup_intent: 'setup_intent',
  charge: 'charge',
  refund: 'refund',
  dispute: 'dispute',
  'checkout.session': 'checkout.session',
  mandate: 'mandate',
};

type Schema = Record<string, unknown>;
interface Operation {
  key: string;
  pattern: RegExp;
  parameters: { in: string; name: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface ContractViolation {
  /** e.g. `POST /v1/payment_intents → 200`, `request POST /v1/customers`, `event payment_intent.succeeded evt_…` */
  where: string;
  problems: string[];
}

export class StripeContract {
  readonly violations: ContractViolation[] = [];
  readonly source: { repository: string; commit: string; version: string };
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly schemas: Record<string, Schema>;

  /**
   * `precompiled`: a module `writeValidators()` made, so a test process skips compiling the schemas
   * (several seconds of CPU each time); without it they are compiled when first used.
   */
  constructor(options: { precompiled?: string; file?: string } = {}) {
    const file = options.file ?? DESCRIPTION;
    if (options.precompiled) {
      // Its path is known only at run time, and a constructor cannot await an import().
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the line above
      const module = require(options.precompiled) as { keys: Record<string, string> } & Record<string, ValidateFunction>;
      for (const [key, name] of Object.entries(module.keys)) this.validators.set(key, module[name]);
    }
    const description = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      info: { version: string };
      'x-source': { repository: string; commit: string };
      paths: Record<string, Record<string, Omit<Operation, 'key' | 'pattern'>>>;
      components: { schemas: Record<string, Schema> };
    };
    this.source = { ...description['x-source'], version: description.info.version };
    this.schemas = description.components.schemas;
    // OpenAPI 3.0's `nullable` becomes JSON Schema's null type; Stripe's extensions are ignored.
    this.ajv = new Ajv(AJV_OPTIONS);
    this.ajv.addSchema({ $id: 'stripe', components: { schemas: withNulls(description.components.schemas) } });
    for (const [route, methods] of Object.entries(description.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        this.operations.push({
          ...operation,
          key: `${method.toUpperCase()} ${route}`,
          pattern: new RegExp(`^${route.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          responses: withNulls(operation.responses) as Operation['responses'],
        });
      }
    }
    // `/v1/payment_intents/search` before `/v1/payment_intents/{intent}`: fixed paths first.
    this.operations.sort((a, b) => (a.key.match(/\{/g)?.length ?? 0) - (b.key.match(/\{/g)?.length ?? 0));
  }

  /** Every schema the checks use, by the key `validate()` looks them up with. */
  private allSchemas(): [string, Schema][] {
    const found: [string, Schema][] = [['event', { $ref: 'stripe#/components/schemas/event' }]];
    for (const name of Object.values(OBJECT_SCHEMAS)) found.push([name, { $ref: `stripe#/components/schemas/${name}` }]);
    for (const operation of this.operations) {
      for (const [status, label] of [
        ['200', '200'],
        ['default', 'error'],
      ] as const) {
        const schema = operation.responses[status]?.content?.['application/json']?.schema;
        if (schema) found.push([`${operation.key} ${label}`, schema]);
      }
    }
    return found;
  }

  /** Compiles every check once into a CommonJS module at `target`, for `new StripeContract({ precompiled })`. */
  static writeValidators(target: string): void {
    const contract = new StripeContract();
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
    ajv.addSchema({ $id: 'stripe', components: { schemas: withNulls(contract.schemas) } });
    const keys: Record<string, string> = {};
    contract.allSchemas().forEach(([key, schema], index) => {
      const name = `check${index}`;
      keys[key] = name;
      ajv.addSchema(rebase(schema), name);
    });
    const code = standaloneCode(ajv, Object.fromEntries(Object.values(keys).map((name) => [name, name])))
      // The module may live outside the project (a temporary file): its runtime helpers by absolute path.
      .replace(/require\("(ajv\/dist\/runtime\/[^"]+)"\)/g, (_, helper: string) => `require(${JSON.stringify(require.resolve(helper))})`);
    fs.writeFileSync(target, `${code}\nmodule.exports.keys = ${JSON.stringify(keys)};\n`);
  }

  /** Hooks for `startStripeServer({ observer })`: every answer and event is checked, violations kept. */
  observer(): ServerObserver {
    return {
      response: (exchange) => this.record(this.checkExchange(exchange)),
      event: (event) => this.record(this.checkEvent(event)),
    };
  }

  /** The request's parameters and the answer's shape. */
  checkExchange(exchange: Exchange): ContractViolation[] {
    // Only the API: a browser on the hosted pages also asks for /favicon.ico and the like.
    if (!exchange.path.startsWith('/v1/')) return [];
    const operation = this.operations.find((op) => op.key.startsWith(`${exchange.method} `) && op.pattern.test(exchange.path));
    const call = `${exchange.method} ${exchange.path}`;
    if (!operation) return [{ where: call, problems: ['this operation is not in the trimmed description: add it to trim.js'] }];
    const found: ContractViolation[] = [];
    const unknown = this.unknownParameters(operation, exchange.params);
    if (unknown.length) found.push({ where: `request ${operation.key}`, problems: unknown.map((name) => `Stripe refuses the parameter ${name}`) });
    const response = exchange.status === 200 ? operation.responses['200'] : operation.responses.default;
    const schema = response?.content?.['application/json']?.schema;
    if (schema) {
      const problems = this.validate(`${operation.key} ${exchange.status === 200 ? 200 : 'error'}`, schema, exchange.body);
      if (problems.length) found.push({ where: `${call} → ${exchange.status}`, problems });
    }
    return found;
  }

  checkEvent(event: StripeEvent): ContractViolation[] {
    const where = `event ${event.type} ${event.id}`;
    const problems = this.validate('event', { $ref: 'stripe#/components/schemas/event' }, event);
    const object = event.data.object as { object?: string };
    const name = object.object ? OBJECT_SCHEMAS[object.object] : undefined;
    if (!name) problems.push(`no schema for data.object of type ${String(object.object)}`);
    else problems.push(...this.validate(name, { $ref: `stripe#/components/schemas/${name}` }, object).map((p) => `data.object${p}`));
    return problems.length ? [{ where, problems }] : [];
  }

  /** Names of parameters (nested as `a[b]`) the operation does not take in the pinned API version. */
  unknownParameters(operation: Operation, params: Record<string, unknown>): string[] {
    const added = ADDED_SINCE[operation.key] ?? [];
    const removed = REMOVED_SINCE[operation.key] ?? [];
    const body = operation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
    const query = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
    const unknown: string[] = [];
    for (const [name, value] of Object.entries(params)) {
      if (removed.includes(name)) unknown.push(`${name} (removed in the pinned API version)`);
      else if (added.includes(name)) continue;
      else {
        const schema = query.get(name) ?? (body?.properties as Record<string, Schema> | undefined)?.[name];
        if (!schema) unknown.push(name);
        else unknown.push(...this.unknownIn(schema, value, name));
      }
    }
    return unknown;
  }

  private unknownIn(schema: Schema, value: unknown, at: string): string[] {
    const resolved = this.resolve(schema);
    const branches = (resolved.anyOf ?? resolved.oneOf) as Schema[] | undefined;
    if (branches) {
      const results = branches.map((branch) => this.unknownIn(branch, value, at));
      return results.find((problems) => problems.length === 0) ?? results[0] ?? [];
    }
    if (Array.isArray(value)) {
      const items = resolved.items as Schema | undefined;
      return items ? value.flatMap((item, index) => this.unknownIn(items, item, `${at}[${index}]`)) : [];
    }
    if (value && typeof value === 'object') {
      const properties = resolved.properties as Record<string, Schema> | undefined;
      if (resolved.additionalProperties !== undefined && resolved.additionalProperties !== false) return [];
      if (!properties) return [];
      return Object.entries(value).flatMap(([key, inner]) =>
        properties[key] ? this.unknownIn(properties[key], inner, `${at}[${key}]`) : [`${at}[${key}]`],
      );
    }
    return [];
  }

  private resolve(schema: Schema): Schema {
    const ref = schema.$ref as string | undefined;
    return ref ? this.resolve(this.schemas[ref.replace('#/components/schemas/', '')]) : schema;
  }

  private validate(key: string, schema: Schema, value: unknown): string[] {
    let validator = this.validators.get(key);
    if (!validator) {
      validator = this.ajv.compile(rebase(schema));
      this.validators.set(key, validator);
    }
    if (validator(value)) return [];
    // anyOf failures list every branch; the first few say what is wrong.
    return (validator.errors ?? []).slice(0, 8).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
  }

  private record(found: ContractViolation[]): void {
    this.violations.push(...found);
  }
}

/** Local refs (`#/components/schemas/x`) point into the description registered as `stripe`. */
function rebase(node: unknown): Schema {
  return JSON.parse(JSON.stringify(node).replace(/"\$ref":"#\/components/g, '"$ref":"stripe#/components')) as Schema;
}

function withNulls<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withNulls) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'nullable' ? value : withNulls(value);
  if (out.nullable !== true) return out as T;
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out as T;
  }
  return { anyOf: [out, { type: 'null' }] } as T;
}

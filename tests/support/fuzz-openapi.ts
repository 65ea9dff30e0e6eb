import Ajv, { type ValidateFunction } from 'ajv';
import fc from 'fast-check';

/**
 * Request generation and response validation driven by the served OpenAPI document: fast-check
 * arbitraries built from each operation's JSON schemas, then hostile mutations of them.
 */

export type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  op: Schema;
}

export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) ops.push({ method: method.toUpperCase(), path, op });
  }
  return ops;
}

const CONTROL = '\u0000\u0001\u0007\b\u001b\u007f\u2028\u202e';
/** Fields an attacker adds to reach values the route never offered. */
export const SMUGGLED_FIELDS = [
  'points',
  'tier',
  'storeId',
  'memberId',
  'balance',
  'amountFen',
  '__proto__',
  'constructor',
];

const hostileScalar = fc.oneof(
  fc.constantFrom(-1, -100, 0.5, -0.01, 1e21, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, 1e308),
  fc.constantFrom('', ' ', 'x'.repeat(5000), `${CONTROL}abc`, '1; DROP TABLE members', '../../etc', '０１２３'),
  fc.constantFrom(true, false, null, [], {}, [1, 2], { $gt: 0 }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

/** A value that conforms (loosely) to a JSON schema of the document. */
export function valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s: Schema) => valid(s, depth + 1)));
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf), depth + 1);
  const base = scalarOrObject(schema, depth);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function scalarOrObject(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 100_000, 1_000_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: 3 });
    case 'object': {
      const props = Object.entries<Schema>(schema.properties ?? {});
      const required = new Set<string>(schema.required ?? []);
      const shape = Object.fromEntries(props.map(([k, s]) => [k, valid(s, depth + 1)]));
      return fc.record(shape, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      return stringFor(schema);
  }
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return fc.constantFrom('2026-11-01T00:00:00.000Z', '2026-11-27T08:00:00+08:00');
  if (schema.format === 'date' || /\\d\{4\}-/.test(schema.pattern ?? ''))
    return fc.constantFrom('2026-11-01', '2026-11-27');
  const min = schema.minLength ?? 1;
  const max = Math.min(schema.maxLength ?? 24, 24);
  return fc.string({ minLength: Math.min(min, max), maxLength: Math.max(min, max) });
}

/** Mutates one place of a (valid) value: wrong type, dropped or extra field, hostile scalar. */
export function mutate(value: unknown): fc.Arbitrary<unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const arbs: fc.Arbitrary<unknown>[] = [
      fc.tuple(fc.constantFrom(...SMUGGLED_FIELDS), hostileScalar).map(([k, v]) => {
        const out = { ...(value as object) } as Record<string, unknown>;
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        return out;
      }),
      hostileScalar,
    ];
    if (keys.length > 0) {
      arbs.push(fc.constantFrom(...keys).map((k) => omit(value as object, k)));
      arbs.push(fc.tuple(fc.constantFrom(...keys), hostileScalar).map(([k, v]) => ({ ...(value as object), [k]: v })));
      arbs.push(
        fc
          .constantFrom(...keys)
          .chain((k) => mutate((value as Record<string, unknown>)[k]).map((v) => ({ ...(value as object), [k]: v }))),
      );
    }
    return fc.oneof(...arbs);
  }
  return hostileScalar;
}

function omit(value: object, key: string): object {
  const out = { ...value } as Record<string, unknown>;
  delete out[key];
  return out;
}

/** Validates answers against the document's response schemas (OpenAPI 3.0 `nullable` included). */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly cache = new Map<string, ValidateFunction>();

  /** null when the answer matches the document, else a sentence saying how it does not. */
  check(operation: Operation, status: number, contentType: string | null, body: unknown): string | null {
    const responses = operation.op.responses as Record<string, Schema>;
    const key = Object.hasOwn(responses, String(status))
      ? String(status)
      : Object.hasOwn(responses, `${String(status)[0]}XX`)
        ? `${String(status)[0]}XX`
        : null;
    if (!key) return `status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`;
    const content = responses[key].content as Record<string, Schema> | undefined;
    if (!content) return body === undefined || body === '' ? null : `status ${status} documents no body`;
    const media = Object.keys(content).find((type) => contentType?.startsWith(type));
    if (!media) return `content-type ${contentType} but the document says ${Object.keys(content).join(' or ')}`;
    if (media !== 'application/json') return null;
    const cacheKey = `${operation.method} ${operation.path} ${key}`;
    let validate = this.cache.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(content[media].schema) as object);
      this.cache.set(cacheKey, validate);
    }
    return validate(body) ? null : `body does not match the ${key} schema: ${this.ajv.errorsText(validate.errors)}`;
  }
}

/** OpenAPI 3.0 `nullable` to JSON Schema: `{type:'x', nullable:true}` accepts null as well. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) out[key] = toJsonSchema(value);
  if (!nullable) return out;
  if (out.enum) out.enum = [...out.enum, null];
  if (typeof out.type === 'string' && !out.enum) return { ...out, type: [out.type, 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

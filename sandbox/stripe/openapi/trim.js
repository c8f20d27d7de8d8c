/**
 * Regenerates stripe-api.trimmed.json from Stripe's OpenAPI description (github.com/stripe/openapi):
 *
 *   git -C <clone of stripe/openapi> show <commit>:openapi/spec3.yaml > /tmp/spec3.yaml
 *   node sandbox/stripe/openapi/trim.js /tmp/spec3.yaml <commit>
 *
 * Keeps the operations the test server implements (the service's calls among them), the objects of
 * the events it sends, and every schema they reference; drops descriptions.
 * Needs js-yaml (installed with the project's dev tools).
 */
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

/** Every operation the test server implements: the service's calls, and what tests call through the SDK. */
const OPERATIONS = [
  ['delete', '/v1/customers/{customer}'],
  ['get', '/v1/charges'],
  ['get', '/v1/charges/{charge}'],
  ['get', '/v1/checkout/sessions'],
  ['get', '/v1/checkout/sessions/{session}'],
  ['get', '/v1/customers'],
  ['get', '/v1/customers/{customer}'],
  ['get', '/v1/customers/{customer}/payment_methods'],
  ['get', '/v1/customers/{customer}/payment_methods/{payment_method}'],
  ['get', '/v1/disputes'],
  ['get', '/v1/disputes/{dispute}'],
  ['get', '/v1/events'],
  ['get', '/v1/events/{id}'],
  ['get', '/v1/mandates/{mandate}'],
  ['get', '/v1/payment_intents'],
  ['get', '/v1/payment_intents/{intent}'],
  ['get', '/v1/payment_intents/search'],
  ['get', '/v1/payment_methods'],
  ['get', '/v1/payment_methods/{payment_method}'],
  ['get', '/v1/refunds'],
  ['get', '/v1/refunds/{refund}'],
  ['get', '/v1/setup_intents'],
  ['get', '/v1/setup_intents/{intent}'],
  ['post', '/v1/charges/{charge}'],
  ['post', '/v1/checkout/sessions'],
  ['post', '/v1/checkout/sessions/{session}/expire'],
  ['post', '/v1/customers'],
  ['post', '/v1/customers/{customer}'],
  ['post', '/v1/disputes/{dispute}'],
  ['post', '/v1/disputes/{dispute}/close'],
  ['post', '/v1/payment_intents'],
  ['post', '/v1/payment_intents/{intent}'],
  ['post', '/v1/payment_intents/{intent}/cancel'],
  ['post', '/v1/payment_intents/{intent}/confirm'],
  ['post', '/v1/payment_methods'],
  ['post', '/v1/payment_methods/{payment_method}'],
  ['post', '/v1/payment_methods/{payment_method}/attach'],
  ['post', '/v1/payment_methods/{payment_method}/detach'],
  ['post', '/v1/refunds'],
  ['post', '/v1/refunds/{refund}'],
  ['post', '/v1/setup_intents'],
  ['post', '/v1/setup_intents/{intent}'],
  ['post', '/v1/setup_intents/{intent}/cancel'],
  ['post', '/v1/setup_intents/{intent}/confirm'],
];
/** Objects whose events the test server sends (the service uses some of them; all are checked). */
const EVENT_OBJECTS = ['customer', 'payment_method', 'payment_intent', 'setup_intent', 'charge', 'refund', 'dispute', 'checkout.session', 'mandate'];

const [source, commit] = process.argv.slice(2);
if (!source || !commit) throw new Error('usage: node trim.js <spec3.yaml> <commit>');
const spec = yaml.load(fs.readFileSync(source, 'utf8'));
const schemas = spec.components.schemas;
const kept = new Set(['error', 'api_errors', 'event', 'notification_event_data', 'notification_event_request']);
const paths = {};

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key === 'x-stripeBypassValidation' || key === 'title') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)])) : strip(value);
  }
  return out;
}

function collectRefs(node) {
  if (Array.isArray(node)) return node.forEach(collectRefs);
  if (!node || typeof node !== 'object') return;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '');
    if (!kept.has(name)) {
      kept.add(name);
      collectRefs(schemas[name]);
    }
  }
  Object.values(node).forEach(collectRefs);
}

for (const [method, route] of OPERATIONS) {
  const operation = spec.paths[route]?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${route} is not in this description`);
  const trimmed = {
    operationId: operation.operationId,
    parameters: (operation.parameters ?? []).map((p) => ({ in: p.in, name: p.name, required: p.required ?? false, schema: strip(p.schema) })),
    requestBody: strip(operation.requestBody),
    responses: { 200: strip(operation.responses['200']), default: strip(operation.responses.default) },
  };
  collectRefs(trimmed);
  (paths[route] ??= {})[method] = trimmed;
}
for (const name of [...kept, ...EVENT_OBJECTS]) {
  kept.add(name);
  collectRefs(schemas[name]);
}
const out = {
  openapi: spec.openapi,
  info: { title: 'Stripe API (trimmed)', version: spec.info.version },
  'x-source': { repository: 'https://github.com/stripe/openapi', commit, file: 'openapi/spec3.yaml' },
  paths,
  components: { schemas: Object.fromEntries([...kept].sort().map((name) => [name, strip(schemas[name])])) },
};
const target = path.join(__dirname, 'stripe-api.trimmed.json');
fs.writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(`${Object.keys(out.components.schemas).length} schemas, ${fs.statSync(target).size} bytes → ${target}`);

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type * as http from 'node:http';
import { dirname } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import type { Store } from './store';

/**
 * Keeps the sandbox's objects (customers, payment methods, intents, charges, …) in a JSON file, so
 * a development service restarted with `npm start` still finds the customers and cards its
 * database refers to. Written shortly after each request that may change something, and on close.
 */
export function persistStore(store: Store, file: string, server: http.Server): { save(): void } {
  load(store, file);
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(snapshot(store)));
    renameSync(`${file}.tmp`, file);
  };
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (request.method === 'GET') return;
    response.once('finish', () => {
      timer ??= setTimeout(save, 200);
    });
  });
  return { save };
}

function snapshot(store: Store): Record<string, unknown[]> {
  const data: Record<string, unknown[]> = {};
  for (const [name, value] of Object.entries(store)) {
    if (value instanceof Map) data[name] = [...value.entries()];
    else if (value instanceof Set) data[name] = [...value.values()];
  }
  return data;
}

function load(store: Store, file: string): void {
  let data: Record<string, unknown[]>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown[]>;
  } catch {
    return;
  }
  for (const [name, values] of Object.entries(data)) {
    const target = (store as unknown as Record<string, unknown>)[name];
    if (target instanceof Map) for (const [key, value] of values as [string, unknown][]) target.set(key, value);
    else if (target instanceof Set) for (const value of values) target.add(value);
  }
}

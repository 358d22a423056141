import { OPERATIONS, type OperationId } from '../../core/operations.js';

export type RouteMatch =
  | { kind: 'operation'; operation: OperationId; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' };

interface CompiledRoute {
  operation: OperationId;
  method: string;
  pattern: RegExp;
  names: string[];
}

const ROUTES: CompiledRoute[] = (Object.entries(OPERATIONS) as [OperationId, { method: string; path: string }][]).map(
  ([operation, { method, path }]) => {
    const names: string[] = [];
    const source = path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { operation, method, pattern: new RegExp(`^${source}$`), names };
  },
);

/**
 * Finds the contract's operation for a method and a path relative to the base path. Path parameters
 * come back decoded; one that cannot be decoded is `undefined` for the caller to refuse.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const allow: string[] = [];
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      allow.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = safeDecode(found[i + 1]!);
    });
    return { kind: 'operation', operation: route.operation, params };
  }
  return allow.length ? { kind: 'method_not_allowed', allow: [...new Set(allow)] } : { kind: 'not_found' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

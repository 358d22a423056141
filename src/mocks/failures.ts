import { OPERATION_IDS, type OperationId } from '../core/operations.js';

/** How an injected failure answers: a status code, no answer at all, or a broken body. */
export type FailureKind =
  | 'network'
  | 'timeout'
  | 'notjson'
  | 'invalid'
  | 'meta190'
  | 'meta10'
  | 'meta4'
  | 'meta368'
  | 401
  | 403
  | 404
  | 409
  | 429
  | 500
  | 503;

const NAMED = ['network', 'timeout', 'notjson', 'invalid', 'meta190', 'meta10', 'meta4', 'meta368'] as const;
const STATUSES = [401, 403, 404, 409, 429, 500, 503] as const;

export type FailurePlan = Map<OperationId | '*', FailureKind>;

/**
 * Reads the demo's `fail` parameter: `500` (every operation), or `disconnectChannel:network,
 * listChannels:invalid`. Unknown parts are reported, not silently ignored.
 */
export function parseFailures(spec: string | null | undefined): { plan: FailurePlan; unknown: string[] } {
  const plan: FailurePlan = new Map();
  const unknown: string[] = [];
  for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [first, second] = part.split(':');
    const [op, kindText] = second === undefined ? ['*', first!] : [first!, second];
    const kind = toKind(kindText);
    if (kind === undefined || (op !== '*' && !(OPERATION_IDS as readonly string[]).includes(op))) unknown.push(part);
    else plan.set(op as OperationId | '*', kind);
  }
  return { plan, unknown };
}

function toKind(text: string): FailureKind | undefined {
  if ((NAMED as readonly string[]).includes(text)) return text as FailureKind;
  const status = Number(text);
  return (STATUSES as readonly number[]).includes(status) ? (status as FailureKind) : undefined;
}

export function failureFor(plan: FailurePlan, op: OperationId): FailureKind | undefined {
  return plan.get(op) ?? plan.get('*');
}

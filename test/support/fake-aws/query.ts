/**
 * awsQuery request decoding. The SDK serialises input as form-urlencoded pairs:
 *   MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue / .Value.BinaryValue
 *   PublishBatchRequestEntries.member.N.<Field>
 */
import type { MessageAttributeValue } from './types.js';

export type QueryParams = ReadonlyMap<string, string>;

/** Merges URL query-string and form body params (the body wins). */
export function parseQueryParams(rawUrl: string, body: string): QueryParams {
  const params = new Map<string, string>();
  const queryStart = rawUrl.indexOf('?');
  if (queryStart >= 0) {
    for (const [k, v] of new URLSearchParams(rawUrl.slice(queryStart + 1))) params.set(k, v);
  }
  for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  return params;
}

/** Collects the 1-based `prefix.N.` groups, in index order, as sub-maps keyed by the rest. */
export function indexedGroups(params: QueryParams, prefix: string): QueryParams[] {
  const groups = new Map<number, Map<string, string>>();
  const head = `${prefix}.`;
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const index = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index) || index < 1) continue;
    const group = groups.get(index) ?? new Map<string, string>();
    group.set(dot < 0 ? '' : rest.slice(dot + 1), value);
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

export function readMessageAttributes(params: QueryParams, prefix = ''): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const entry of indexedGroups(params, `${prefix}MessageAttributes.entry`)) {
    const name = entry.get('Name');
    if (name === undefined) continue;
    const value: MessageAttributeValue = { DataType: entry.get('Value.DataType') ?? '' };
    const stringValue = entry.get('Value.StringValue');
    const binaryValue = entry.get('Value.BinaryValue');
    if (stringValue !== undefined) value.StringValue = stringValue;
    if (binaryValue !== undefined) value.BinaryValue = binaryValue;
    attributes[name] = value;
  }
  return attributes;
}

export function optional(params: QueryParams, key: string): string | undefined {
  const value = params.get(key);
  return value === undefined || value === '' ? undefined : value;
}

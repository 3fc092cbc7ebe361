/**
 * Results worked out from values that never change (the frozen figure lists kept between requests,
 * db/cache.ts), kept as long as those values are: the CSV of a period, a page's tables. Keyed by
 * the identity of the owners and a name for what is worked out; an owner that is not frozen could
 * still change, so nothing is kept for it.
 */
type Node = { values: Map<string, unknown>; next: WeakMap<object, Node> };

const roots = new WeakMap<object, Node>();

export function memoOn<T>(owners: readonly object[], key: string, compute: () => T): T {
  if (owners.length === 0 || owners.some((o) => !Object.isFrozen(o))) return compute();
  let level: WeakMap<object, Node> = roots;
  let node: Node | undefined;
  for (const o of owners) {
    node = level.get(o);
    if (!node) {
      node = { values: new Map(), next: new WeakMap() };
      level.set(o, node);
    }
    level = node.next;
  }
  const values = node!.values;
  if (values.has(key)) return values.get(key) as T;
  const v = compute();
  values.set(key, v);
  return v;
}

// Map.groupBy, which Node 20 does not have yet (it came in Node 21): items under their key, keys in the order
// they first come, each list in the items' order. Linear, where spreading each list again was quadratic.
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

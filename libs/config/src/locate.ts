import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/**
 * Where a field is in the YAML source: the key that names it, or for a missing field the
 * deepest part of its path that exists, so "is required" points at the object lacking it.
 */
export function locate(doc: Document, lines: LineCounter, path: readonly string[]): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let range = (node as { range?: [number, number, number] } | null)?.range;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      range = (pair.key as { range?: [number, number, number] }).range ?? range;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      range = item.range ?? range;
      node = item;
    } else {
      break;
    }
  }
  if (!range) return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}

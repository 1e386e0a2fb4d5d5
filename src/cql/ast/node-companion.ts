/**
 * The frozen companion every AST node kind exports beside its interface (kysely style):
 * `X.is(node)` narrows, `X.create(props)` builds a frozen node tagged with its kind (array
 * properties are copied and frozen too, so a node never shares a mutable list with its caller).
 * @internal Node files call it; users call the companions.
 */

export interface NodeCompanion<N extends { readonly kind: string }> {
  readonly kind: N['kind'];
  is(node: { readonly kind: string }): node is N;
  create(props: Omit<N, 'kind'>): N;
}

export function nodeCompanion<N extends { readonly kind: string }>(kind: N['kind']): NodeCompanion<N> {
  return Object.freeze({
    kind,
    is: (node: { readonly kind: string }): node is N => node.kind === kind,
    create: (props: Omit<N, 'kind'>): N => {
      const node: Record<string, unknown> = { kind };
      for (const [key, value] of Object.entries(props)) {
        node[key] = Array.isArray(value) ? Object.freeze([...value]) : value;
      }
      return Object.freeze(node) as unknown as N;
    },
  });
}

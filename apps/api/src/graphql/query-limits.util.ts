import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  specifiedRules,
  validate,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ApiError } from '../errors/api.error.js';
import { requestErrorCode } from '../errors/graphql-error.formatter.js';
import { MAX_QUERY_COST, MAX_QUERY_DEPTH } from './query-cost.util.js';

/**
 * A validation rule: no operation may nest fields deeper than `maxDepth` (introspection aside, which
 * GraphiQL and code generators need and which cannot loop). Checked once per distinct query, since
 * Mercurius caches validated documents.
 */
export function maxDepthRule(maxDepth = MAX_QUERY_DEPTH): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, context, new Set());
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`the query is nested ${depth} levels deep; at most ${maxDepth} are allowed`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth },
          }),
        );
      }
    },
  });
}

function depthOf(
  selectionSet: SelectionSetNode | undefined,
  context: ValidationContext,
  seen: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, context, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, context, seen));
    } else {
      const name = selection.name.value;
      const fragment: FragmentDefinitionNode | null | undefined = seen.has(name)
        ? null
        : context.getFragment(name);
      if (fragment)
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, context, new Set([...seen, name])));
    }
  }
  return deepest;
}

const ESTIMATORS = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/**
 * Mercurius hands over the same parsed document for the same query text (its cache), so a query without
 * variables is priced once.
 */
const COST_WITHOUT_VARIABLES = new WeakMap<DocumentNode, number>();

/**
 * The cost limit, checked before execution with the request's variables (a page size given as a
 * variable costs what it asks for). See query-cost.ts for how a query is priced.
 */
export function assertAffordable(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables?: Record<string, unknown>,
) {
  const withoutVariables = !variables || Object.keys(variables).length === 0;
  let cost = withoutVariables ? COST_WITHOUT_VARIABLES.get(document) : undefined;
  if (cost === undefined) {
    try {
      cost = getComplexity({ schema, query: document, variables: variables ?? {}, estimators: ESTIMATORS });
    } catch {
      // Variables that don't fit are reported by execution itself, as BAD_USER_INPUT.
      return;
    }
    if (withoutVariables) COST_WITHOUT_VARIABLES.set(document, cost);
  }
  if (cost > MAX_QUERY_COST) {
    throw new ApiError(
      'QUERY_TOO_COMPLEX',
      `the query would cost ${cost}; at most ${MAX_QUERY_COST} is allowed (ask for smaller pages or fewer nested lists)`,
      400,
      { cost, maxCost: MAX_QUERY_COST },
    );
  }
}

/** Subscriptions skip Mercurius's validation: the same rules run here before one starts. */
export function assertValidSubscription(schema: GraphQLSchema, document: DocumentNode): void {
  const errors = validate(schema, document, [...specifiedRules, maxDepthRule()]);
  const [first] = errors;
  if (!first) return;
  const code =
    first.extensions.code === 'QUERY_TOO_DEEP' ? 'QUERY_TOO_DEEP' : requestErrorCode(first.message);
  throw new ApiError(code, errors.map((error) => error.message).join('; '), 400);
}

import {
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  parse,
  type SelectionSetNode,
  specifiedRules,
  validate,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ApiError } from '../errors/api.error.js';
import { requestErrorCode } from '../errors/graphql-error.formatter.js';
import { DOCUMENT_LIMITS, MAX_QUERY_COST, MAX_QUERY_DEPTH } from './query-cost.util.js';

/**
 * Introspection's lists, which can nest without end (`fields { type { fields { type … } } }`, each level
 * multiplying the answer). GraphiQL's and code generators' introspection query nests three
 * (types, fields, args).
 */
const INTROSPECTION_LISTS = new Set([
  'types',
  'fields',
  'args',
  'inputFields',
  'interfaces',
  'possibleTypes',
  'enumValues',
  'directives',
]);
const MAX_INTROSPECTION_LISTS = 3;

/**
 * A validation rule: no operation may nest fields deeper than `maxDepth` (introspection aside, whose
 * fields don't count: it is bounded by how many of its lists nest instead). Checked once per distinct query, since
 * Mercurius caches validated documents.
 */
export function maxDepthRule(maxDepth = MAX_QUERY_DEPTH): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const depth = new FragmentWalk(context, (selectionSet, walk) => depthOf(selectionSet, walk)).of(
        operation.selectionSet,
      );
      const lists = new FragmentWalk(context, introspectionListsIn).of(operation.selectionSet);
      if (lists > MAX_INTROSPECTION_LISTS) {
        context.reportError(
          new GraphQLError(
            `the query nests ${lists} introspection lists; at most ${MAX_INTROSPECTION_LISTS} are allowed`,
            {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_DEEP', depth: lists, maxDepth: MAX_INTROSPECTION_LISTS },
            },
          ),
        );
      }
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

/**
 * A validation rule: the document's fields once its fragments are expanded (a few fragments, each
 * spreading the next twice, expand to millions), its aliases, directives and literal list values stay
 * within DOCUMENT_LIMITS. Runs before the cost is computed, so that pricing itself stays cheap.
 */
export function documentLimitsRule(limits = DOCUMENT_LIMITS): ValidationRule {
  return (context: ValidationContext) => {
    let aliases = 0;
    let directives = 0;
    const report = (what: string, count: number, max: number, node: ASTNode) =>
      context.reportError(
        new GraphQLError(`the document has ${count} ${what}; at most ${max} are allowed`, {
          nodes: [node],
          extensions: { code: 'QUERY_TOO_COMPLEX', [what.replace(/\W.*/, '')]: count, max },
        }),
      );
    return {
      Field(field) {
        if (field.alias && ++aliases === limits.aliases + 1)
          report('aliases', aliases, limits.aliases, field);
      },
      Directive(directive) {
        if (++directives === limits.directives + 1)
          report('directives', directives, limits.directives, directive);
      },
      ListValue(list) {
        if (list.values.length > limits.listValues) {
          report('values in one list', list.values.length, limits.listValues, list);
        }
      },
      OperationDefinition(operation) {
        const fields = new FragmentWalk(context, (selectionSet, walk) =>
          fieldsIn(selectionSet, walk, limits.fields),
        ).of(operation.selectionSet);
        if (fields > limits.fields) report('fields (fragments expanded)', fields, limits.fields, operation);
      },
    };
  };
}

/**
 * Measures selection sets through fragment spreads, measuring each fragment once (a fragment spread
 * many times costs one walk); a spread that loops counts as nothing (NoFragmentCyclesRule reports it).
 */
class FragmentWalk {
  private readonly measured = new Map<string, number>();
  private readonly walking = new Set<string>();

  constructor(
    private readonly context: ValidationContext,
    private readonly measure: (selectionSet: SelectionSetNode, walk: FragmentWalk) => number,
  ) {}

  of(selectionSet: SelectionSetNode | undefined): number {
    return selectionSet ? this.measure(selectionSet, this) : 0;
  }

  fragment(name: string): number {
    const known = this.measured.get(name);
    if (known !== undefined) return known;
    const fragment: FragmentDefinitionNode | null | undefined = this.walking.has(name)
      ? null
      : this.context.getFragment(name);
    if (!fragment) return 0;
    this.walking.add(name);
    const value = this.of(fragment.selectionSet);
    this.walking.delete(name);
    this.measured.set(name, value);
    return value;
  }
}

function depthOf(selectionSet: SelectionSetNode, walk: FragmentWalk): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + walk.of(selection.selectionSet));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, walk.of(selection.selectionSet));
    } else {
      deepest = Math.max(deepest, walk.fragment(selection.name.value));
    }
  }
  return deepest;
}

/** How many introspection lists nest, at most, below a selection set. */
function introspectionListsIn(selectionSet: SelectionSetNode, walk: FragmentWalk): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const own = INTROSPECTION_LISTS.has(selection.name.value) ? 1 : 0;
      deepest = Math.max(deepest, own + walk.of(selection.selectionSet));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, walk.of(selection.selectionSet));
    } else {
      deepest = Math.max(deepest, walk.fragment(selection.name.value));
    }
  }
  return deepest;
}

/** Fields as executed, counted up to just past `cap` (enough to refuse, never a huge number). */
function fieldsIn(selectionSet: SelectionSetNode, walk: FragmentWalk, cap: number): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += 1 + walk.of(selection.selectionSet);
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += walk.of(selection.selectionSet);
    else count += walk.fragment(selection.name.value);
    if (count > cap) return cap + 1;
  }
  return count;
}

const ESTIMATORS = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/**
 * Mercurius hands over the same parsed document for the same query text (its cache), so a query without
 * variables is priced once per operation.
 */
const COST_WITHOUT_VARIABLES = new WeakMap<DocumentNode, Map<string, number>>();

/**
 * The cost limit, checked before execution for the operation that runs, with the request's variables (a
 * page size given as a variable costs what it asks for). Fails closed: a query that cannot be priced
 * (variables that don't fit, too many nodes) is refused, never run unpriced. See query-cost.util.ts.
 */
export function assertAffordable(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
) {
  assertListsWithinLimit(variables);
  const withoutVariables = !variables || Object.keys(variables).length === 0;
  const cached = withoutVariables ? COST_WITHOUT_VARIABLES.get(document) : undefined;
  let cost = cached?.get(operationName ?? '');
  if (cost === undefined) {
    try {
      cost = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        operationName,
        estimators: ESTIMATORS,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ApiError(
        requestErrorCode(message),
        `the query cannot be priced, so it is refused: ${message}`,
        400,
      );
    }
    if (withoutVariables) {
      const costs = cached ?? new Map<string, number>();
      costs.set(operationName ?? '', cost);
      COST_WITHOUT_VARIABLES.set(document, costs);
    }
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

/** Variables hold no list longer than a literal may be. */
function assertListsWithinLimit(value: unknown, max: number = DOCUMENT_LIMITS.listValues): void {
  if (Array.isArray(value)) {
    if (value.length > max) {
      throw new ApiError(
        'BAD_USER_INPUT',
        `a variable holds a list of ${value.length} values; at most ${max} are allowed`,
        400,
      );
    }
    for (const item of value) assertListsWithinLimit(item, max);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) assertListsWithinLimit(item, max);
  }
}

/**
 * Mercurius parses a subscription's text with no options, past the token limit that bounds the parse of
 * every query: a parse that stops at that limit runs first, and refuses as the query's parse would.
 */
export function assertSubscriptionWithinTokens(source: string, maxTokens = DOCUMENT_LIMITS.tokens): void {
  try {
    parse(source, { maxTokens, noLocation: true });
  } catch (error) {
    if (error instanceof GraphQLError) throw new ApiError('GRAPHQL_PARSE_FAILED', error.message, 400);
    throw error;
  }
}

/** Subscriptions skip Mercurius's validation: the same rules run here before one starts. */
export function assertValidSubscription(schema: GraphQLSchema, document: DocumentNode): void {
  const errors = validate(schema, document, [...specifiedRules, documentLimitsRule(), maxDepthRule()]);
  const [first] = errors;
  if (!first) return;
  const code = first.extensions.code;
  throw new ApiError(
    code === 'QUERY_TOO_DEEP' || code === 'QUERY_TOO_COMPLEX' ? code : requestErrorCode(first.message),
    errors.map((error) => error.message).join('; '),
    400,
  );
}

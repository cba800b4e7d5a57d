// Shopify's Admin API runs graphql-ruby, so a rejected query comes back as
// {errors:[{message, locations, path, extensions:{code, ...}}]} with graphql-ruby's wording and
// codes (e.g. "Field 'foo' doesn't exist on type 'Order'", code "undefinedField" — the message
// form is seen in Shopify users' reports, e.g. vercel/commerce#763). graphql-js finds the same
// faults; this module restates its messages in that form.
import { type ASTNode, type DocumentNode, type GraphQLError, type OperationDefinitionNode, print, visit } from "graphql";

export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions: Record<string, unknown> & { code: string };
}

/** path of every field node: ["query GetOrder", "order", "lineItems", ...] as graphql-ruby reports it */
function fieldPaths(document: DocumentNode): Map<ASTNode, string[]> {
  const paths = new Map<ASTNode, string[]>();
  const stack: string[] = [];
  visit(document, {
    OperationDefinition: {
      enter(node) {
        stack.push(`${node.operation}${node.name ? ` ${node.name.value}` : ""}`);
        paths.set(node, [...stack]);
      },
      leave() {
        stack.pop();
      },
    },
    FragmentDefinition: {
      enter(node) {
        stack.push(`fragment ${node.name.value}`);
        paths.set(node, [...stack]);
      },
      leave() {
        stack.pop();
      },
    },
    Field: {
      enter(node) {
        stack.push(node.alias?.value ?? node.name.value);
        paths.set(node, [...stack]);
      },
      leave() {
        stack.pop();
      },
    },
    Argument: {
      enter(node) {
        paths.set(node, [...stack, node.name.value]);
      },
    },
    VariableDefinition: {
      enter(node) {
        paths.set(node, [...stack]);
      },
    },
  });
  return paths;
}

const rules: { re: RegExp; to: (m: RegExpExecArray) => { message: string; extensions: ShopifyError["extensions"] } }[] = [
  {
    re: /^Cannot query field "(\w+)" on type "(\w+)"\./,
    to: (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    }),
  },
  {
    re: /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./,
    to: (m) => ({
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] },
    }),
  },
  {
    re: /^Field "(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided\./,
    to: (m) => ({
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    }),
  },
  {
    re: /^Field "(\w+)" of type "(.+)" must have a selection of subfields/,
    to: (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/[[\]!]/g, "") },
    }),
  },
  {
    re: /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./,
    to: (m) => ({
      message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections [...])`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2] },
    }),
  },
  {
    re: /^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?\./,
    to: (m) => ({
      message: `Variable $${m[1]} is declared by ${m[2] ?? "anonymous query"} but not used`,
      extensions: { code: "variableNotUsed", variableName: m[1] },
    }),
  },
  {
    re: /^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?\./,
    to: (m) => ({
      message: `Variable $${m[1]} is used by ${m[2] ?? "anonymous query"} but not declared`,
      extensions: { code: "variableNotDefined", variableName: m[1] },
    }),
  },
  {
    re: /^Unknown type "(\w+)"\./,
    to: (m) => ({ message: `No such type ${m[1]}, so it can't be a fragment condition or variable type`, extensions: { code: "undefinedType", typeName: m[1] } }),
  },
  {
    re: /^Variable "\$(\w+)" of type "(.+)" used in position expecting type "(.+)"\./,
    to: (m) => ({
      message: `Type mismatch on variable $${m[1]} and argument (${m[2]} / ${m[3]})`,
      extensions: { code: "variableMismatch", variableName: m[1], typeName: m[2] },
    }),
  },
  {
    re: /^Field "(\w+)\.(\w+)" of required type "(.+)" was not provided\./,
    to: (m) => ({
      message: `Argument '${m[2]}' on InputObject '${m[1]}' is required. Expected type ${m[3]}`,
      extensions: { code: "missingRequiredInputObjectAttribute", argumentName: m[2], argumentType: m[3], inputObjectType: m[1] },
    }),
  },
  {
    re: /^Field "(\w+)" is not defined by type "(\w+)"\./,
    to: (m) => ({
      message: `InputObject '${m[2]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[2], typeName: "InputObject", argumentName: m[1] },
    }),
  },
];

/** A validation error of graphql-js in Shopify's (graphql-ruby's) form. */
export function toShopifyValidationError(error: GraphQLError, document: DocumentNode): ShopifyError {
  const paths = fieldPaths(document);
  const node = error.nodes?.[0];
  const path = node ? paths.get(node) : undefined;
  const base = {
    ...(error.locations ? { locations: error.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    ...(path ? { path } : {}),
  };
  for (const rule of rules) {
    const m = rule.re.exec(error.message);
    if (m) return { ...rule.to(m), ...base };
  }
  if (/^(Expected value of type|Int cannot represent|String cannot represent|Boolean cannot represent|Enum ".+" cannot represent|Value ".*" does not exist)/.test(error.message)) {
    return { message: error.message, ...base, extensions: { code: "argumentLiteralsIncompatible" } };
  }
  return { message: error.message, ...base, extensions: { code: "validationFailed" } };
}

export function parseError(error: GraphQLError): ShopifyError {
  return {
    message: error.message.replace(/^Syntax Error: /, "syntax error, "),
    ...(error.locations ? { locations: error.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    extensions: { code: "parseError" },
  };
}

/** graphql-ruby: "Variable $id of type ID! was provided invalid value", with the problem listed. */
export function variableError(error: GraphQLError, operation: OperationDefinitionNode, variables: Record<string, unknown>): ShopifyError {
  const name = /^Variable "\$(\w+)"/.exec(error.message)?.[1] ?? "unknown";
  const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === name);
  const value = name in variables ? variables[name] : null;
  return {
    message: `Variable $${name} of type ${definition ? print(definition.type) : "unknown"} was provided invalid value`,
    ...(error.locations ? { locations: error.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    extensions: {
      code: "INVALID_VARIABLE",
      value: value ?? null,
      problems: [{ path: [], explanation: error.message.replace(/^Variable "\$\w+" /, "") }],
    },
  };
}

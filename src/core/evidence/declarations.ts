// The function a finding sits in, named the way a profile names it once its package path is
// dropped: `F`, `T.M`, `(*T).M` (type parameters left out, as pprof shows them as `[...]`).
// Closures belong to the declaration around them: the profile folds `F.func1` into `F` too.
import type { SyntaxNode, Tree } from '../parser';

export interface DeclaredFunction {
  /** `F`, `T.M` or `(*T).M`. */
  name: string;
  /** 1-based lines of the declaration, inclusive. */
  startLine: number;
  endLine: number;
}

/** The receiver's type as it appears in a method's profile name: `*List[T]` -> `(*List)`, `T` -> `T`. */
function receiverName(method: SyntaxNode): string | undefined {
  const parameter = method.childForFieldName('receiver')?.namedChildren.find((child) => child?.type === 'parameter_declaration');
  const type = parameter?.childForFieldName('type');
  if (!type) return undefined;
  const match = /^\(?\s*(\*?)\s*([\p{L}_][\p{L}\p{N}_]*)/u.exec(type.text);
  if (!match) return undefined;
  return match[1] ? `(*${match[2]})` : match[2];
}

function declaredFunction(node: SyntaxNode): DeclaredFunction | undefined {
  const name = node.childForFieldName('name')?.text;
  if (!name) return undefined;
  let qualified = name;
  if (node.type === 'method_declaration') {
    const receiver = receiverName(node);
    if (!receiver) return undefined;
    qualified = `${receiver}.${name}`;
  }
  return { name: qualified, startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
}

/** The file's function and method declarations, in source order. */
export function declaredFunctions(tree: Tree): DeclaredFunction[] {
  const out: DeclaredFunction[] = [];
  for (const child of tree.rootNode.namedChildren) {
    if (child && (child.type === 'function_declaration' || child.type === 'method_declaration')) {
      const declared = declaredFunction(child);
      if (declared) out.push(declared);
    }
  }
  return out;
}

/** The declaration holding a 1-based line, by binary search over declaredFunctions' result. */
export function functionAtLine(functions: readonly DeclaredFunction[], line: number): DeclaredFunction | undefined {
  let low = 0;
  let high = functions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = functions[middle];
    if (line < candidate.startLine) high = middle - 1;
    else if (line > candidate.endLine) low = middle + 1;
    else return candidate;
  }
  return undefined;
}

/**
 * The declaration around a position (0-based row and column, as the tree counts them), found by
 * climbing from the node there: no walk over the file's other declarations.
 */
export function declaredFunctionAt(tree: Tree, row: number, column: number): DeclaredFunction | undefined {
  let node: SyntaxNode | null = tree.rootNode.descendantForPosition({ row, column });
  let declaration: SyntaxNode | undefined;
  for (; node && node.type !== 'source_file'; node = node.parent) {
    if (node.type === 'function_declaration' || node.type === 'method_declaration') declaration = node;
  }
  return declaration ? declaredFunction(declaration) : undefined;
}

/**
 * The slice of ONNX's `onnx.proto` (IR version 8) that tree-ensemble models use, as plain data.
 * Field numbers follow the official schema; fields tunekit does not need are skipped on decode.
 */

/** `TensorProto.DataType` codes. */
export const OnnxDataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  DOUBLE: 11,
} as const;

export interface OnnxOpsetImport {
  readonly domain: string;
  readonly version: number;
}

/** A constant tensor (attribute value or initializer). `data` is row-major. */
export interface OnnxTensor {
  readonly name?: string;
  readonly dataType: number;
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array | Int32Array | Uint8Array | readonly number[];
}

export type OnnxAttribute =
  | { readonly name: string; readonly type: 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'int'; readonly value: number }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'tensor'; readonly value: OnnxTensor }
  | { readonly name: string; readonly type: 'floats'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'ints'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'strings'; readonly value: readonly string[] }
  /** Graphs, sparse tensors, type protos: kept opaque. */
  | { readonly name: string; readonly type: 'other'; readonly typeCode: number };

export interface OnnxNode {
  readonly opType: string;
  /** `''` is the default `ai.onnx` domain. */
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxAttribute[];
}

/** A graph input or output. `shape` entries: a fixed size, a symbolic name, or unknown. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly kind: 'tensor' | 'sequence' | 'map' | 'other';
  readonly elemType?: number;
  readonly shape?: readonly (number | string | undefined)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly initializers: readonly OnnxTensor[];
  readonly docString?: string;
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetImports: readonly OnnxOpsetImport[];
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly graph: OnnxGraph;
}

/** Look up an attribute of a node by name. */
export function findAttribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attributes.find((attribute) => attribute.name === name);
}

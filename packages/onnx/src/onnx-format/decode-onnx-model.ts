import { ProtobufDecodeError, ProtobufReader, type ProtobufField } from '../protobuf/protobuf-reader.js';
import { OnnxDataType, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxOpsetImport, type OnnxTensor, type OnnxValueInfo } from './onnx-model.js';

const str = ProtobufReader.string;

function expectBytes(entry: ProtobufField, what: string): Uint8Array {
  if (entry.wireType !== 2) throw new ProtobufDecodeError(`${what}: expected a length-delimited field, got wire type ${entry.wireType}`, 0);
  return entry.bytes;
}

function expectInt(entry: ProtobufField, what: string): number {
  if (entry.wireType !== 0) throw new ProtobufDecodeError(`${what}: expected a varint, got wire type ${entry.wireType}`, 0);
  const value = entry.value;
  if (typeof value === 'bigint') {
    if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtobufDecodeError(`${what}: integer ${value} out of range`, 0);
    return Number(value);
  }
  return value;
}

/** Repeated varints, packed (one length-delimited field) or not (one field per value). */
function pushInts(entry: ProtobufField, out: number[], what: string): void {
  if (entry.wireType === 2) for (const value of ProtobufReader.packedInts(entry.bytes)) out.push(value);
  else out.push(expectInt(entry, what));
}

function pushFloats(reader: ProtobufReader, entry: ProtobufField, out: number[]): void {
  if (entry.wireType === 2) for (const value of ProtobufReader.packedFloat32(entry.bytes)) out.push(value);
  else if (entry.wireType === 5) out.push(reader.float32At(entry.offset));
  else throw new ProtobufDecodeError(`float field ${entry.field} with wire type ${entry.wireType}`, 0);
}

function pushDoubles(reader: ProtobufReader, entry: ProtobufField, out: number[]): void {
  if (entry.wireType === 2) for (const value of ProtobufReader.packedFloat64(entry.bytes)) out.push(value);
  else if (entry.wireType === 1) out.push(reader.float64At(entry.offset));
  else throw new ProtobufDecodeError(`double field ${entry.field} with wire type ${entry.wireType}`, 0);
}

function decodeRaw(raw: Uint8Array, dataType: number): OnnxTensor['data'] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const sized = (width: number) => {
    if (raw.length % width !== 0) throw new ProtobufDecodeError(`tensor raw_data of ${raw.length} bytes is not a multiple of ${width}`, 0);
    return raw.length / width;
  };
  switch (dataType) {
    case OnnxDataType.FLOAT: {
      const out = new Float32Array(sized(4));
      for (let index = 0; index < out.length; index++) out[index] = view.getFloat32(index * 4, true);
      return out;
    }
    case OnnxDataType.DOUBLE: {
      const out = new Float64Array(sized(8));
      for (let index = 0; index < out.length; index++) out[index] = view.getFloat64(index * 8, true);
      return out;
    }
    case OnnxDataType.INT32: {
      const out = new Int32Array(sized(4));
      for (let index = 0; index < out.length; index++) out[index] = view.getInt32(index * 4, true);
      return out;
    }
    case OnnxDataType.INT64: {
      const out: number[] = [];
      for (let index = 0; index < sized(8); index++) out.push(Number(view.getBigInt64(index * 8, true)));
      return out;
    }
    case OnnxDataType.UINT8:
    case OnnxDataType.BOOL:
    case OnnxDataType.INT8:
      return dataType === OnnxDataType.INT8 ? Array.from(new Int8Array(raw.buffer, raw.byteOffset, raw.length)) : Uint8Array.from(raw);
    default:
      return [];
  }
}

function decodeTensor(bytes: Uint8Array): OnnxTensor {
  const reader = new ProtobufReader(bytes);
  const dims: number[] = [];
  let dataType = 0;
  let name: string | undefined;
  let raw: Uint8Array | undefined;
  const floats: number[] = [];
  const doubles: number[] = [];
  const ints: number[] = [];
  for (const entry of reader.fields()) {
    switch (entry.field) {
      case 1: pushInts(entry, dims, 'TensorProto.dims'); break;
      case 2: dataType = expectInt(entry, 'TensorProto.data_type'); break;
      case 4: pushFloats(reader, entry, floats); break;
      case 5: case 7: case 11: pushInts(entry, ints, 'TensorProto.int_data'); break;
      case 8: name = str(expectBytes(entry, 'TensorProto.name')); break;
      case 9: raw = expectBytes(entry, 'TensorProto.raw_data'); break;
      case 10: pushDoubles(reader, entry, doubles); break;
      case 14: if (expectInt(entry, 'TensorProto.data_location') === 1) throw new ProtobufDecodeError('tensors stored as external data are not supported', 0); break;
      default: break;
    }
  }
  let data: OnnxTensor['data'];
  if (raw !== undefined) data = decodeRaw(raw, dataType);
  else if (dataType === OnnxDataType.FLOAT) data = Float32Array.from(floats);
  else if (dataType === OnnxDataType.DOUBLE) data = Float64Array.from(doubles);
  else if (dataType === OnnxDataType.UINT8 || dataType === OnnxDataType.BOOL) data = Uint8Array.from(ints);
  else data = ints;
  return { ...(name === undefined ? {} : { name }), dataType, dims, data };
}

function decodeAttribute(bytes: Uint8Array): OnnxAttribute {
  const reader = new ProtobufReader(bytes);
  let name = '';
  let type = 0;
  let single: { f?: number; i?: number; s?: Uint8Array; t?: OnnxTensor } = {};
  const floats: number[] = [];
  const ints: number[] = [];
  const strings: string[] = [];
  for (const entry of reader.fields()) {
    switch (entry.field) {
      case 1: name = str(expectBytes(entry, 'AttributeProto.name')); break;
      case 20: type = expectInt(entry, 'AttributeProto.type'); break;
      case 2:
        if (entry.wireType !== 5) throw new ProtobufDecodeError('AttributeProto.f: expected a 32-bit float', 0);
        single = { ...single, f: reader.float32At(entry.offset) };
        break;
      case 3: single = { ...single, i: expectInt(entry, 'AttributeProto.i') }; break;
      case 4: single = { ...single, s: expectBytes(entry, 'AttributeProto.s') }; break;
      case 5: single = { ...single, t: decodeTensor(expectBytes(entry, 'AttributeProto.t')) }; break;
      case 7: pushFloats(reader, entry, floats); break;
      case 8: pushInts(entry, ints, 'AttributeProto.ints'); break;
      case 9: strings.push(str(expectBytes(entry, 'AttributeProto.strings'))); break;
      default: break;
    }
  }
  switch (type) {
    case 1: return { name, type: 'float', value: single.f ?? 0 };
    case 2: return { name, type: 'int', value: single.i ?? 0 };
    case 3: return { name, type: 'string', value: single.s === undefined ? '' : str(single.s) };
    case 4:
      if (single.t === undefined) throw new ProtobufDecodeError(`tensor attribute '${name}' has no tensor`, 0);
      return { name, type: 'tensor', value: single.t };
    case 6: return { name, type: 'floats', value: Float32Array.from(floats) };
    case 7: return { name, type: 'ints', value: ints };
    case 8: return { name, type: 'strings', value: strings };
    default: return { name, type: 'other', typeCode: type };
  }
}

function decodeNode(bytes: Uint8Array): OnnxNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: OnnxAttribute[] = [];
  let name = '';
  let opType = '';
  let domain = '';
  for (const entry of new ProtobufReader(bytes).fields()) {
    switch (entry.field) {
      case 1: inputs.push(str(expectBytes(entry, 'NodeProto.input'))); break;
      case 2: outputs.push(str(expectBytes(entry, 'NodeProto.output'))); break;
      case 3: name = str(expectBytes(entry, 'NodeProto.name')); break;
      case 4: opType = str(expectBytes(entry, 'NodeProto.op_type')); break;
      case 5: attributes.push(decodeAttribute(expectBytes(entry, 'NodeProto.attribute'))); break;
      case 7: domain = str(expectBytes(entry, 'NodeProto.domain')); break;
      default: break;
    }
  }
  return { opType, domain, name, inputs, outputs, attributes };
}

function decodeShape(bytes: Uint8Array): (number | string | undefined)[] {
  const shape: (number | string | undefined)[] = [];
  for (const entry of new ProtobufReader(bytes).fields()) {
    if (entry.field !== 1) continue;
    let dim: number | string | undefined;
    for (const part of new ProtobufReader(expectBytes(entry, 'TensorShapeProto.dim')).fields()) {
      if (part.field === 1) dim = expectInt(part, 'Dimension.dim_value');
      else if (part.field === 2) dim = str(expectBytes(part, 'Dimension.dim_param'));
    }
    shape.push(dim);
  }
  return shape;
}

function decodeValueInfo(bytes: Uint8Array): OnnxValueInfo {
  let name = '';
  let kind: OnnxValueInfo['kind'] = 'other';
  let elemType: number | undefined;
  let shape: (number | string | undefined)[] | undefined;
  for (const entry of new ProtobufReader(bytes).fields()) {
    if (entry.field === 1) name = str(expectBytes(entry, 'ValueInfoProto.name'));
    else if (entry.field === 2) {
      for (const typeEntry of new ProtobufReader(expectBytes(entry, 'ValueInfoProto.type')).fields()) {
        if (typeEntry.field === 1) {
          kind = 'tensor';
          for (const tensorEntry of new ProtobufReader(expectBytes(typeEntry, 'TypeProto.tensor_type')).fields()) {
            if (tensorEntry.field === 1) elemType = expectInt(tensorEntry, 'TypeProto.Tensor.elem_type');
            else if (tensorEntry.field === 2) shape = decodeShape(expectBytes(tensorEntry, 'TypeProto.Tensor.shape'));
          }
        } else if (typeEntry.field === 4) kind = 'sequence';
        else if (typeEntry.field === 5) kind = 'map';
      }
    }
  }
  return { name, kind, ...(elemType === undefined ? {} : { elemType }), ...(shape === undefined ? {} : { shape }) };
}

function decodeGraph(bytes: Uint8Array): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const initializers: OnnxTensor[] = [];
  let name = '';
  let docString: string | undefined;
  for (const entry of new ProtobufReader(bytes).fields()) {
    switch (entry.field) {
      case 1: nodes.push(decodeNode(expectBytes(entry, 'GraphProto.node'))); break;
      case 2: name = str(expectBytes(entry, 'GraphProto.name')); break;
      case 5: initializers.push(decodeTensor(expectBytes(entry, 'GraphProto.initializer'))); break;
      case 10: docString = str(expectBytes(entry, 'GraphProto.doc_string')); break;
      case 11: inputs.push(decodeValueInfo(expectBytes(entry, 'GraphProto.input'))); break;
      case 12: outputs.push(decodeValueInfo(expectBytes(entry, 'GraphProto.output'))); break;
      default: break;
    }
  }
  return { name, nodes, inputs, outputs, initializers, ...(docString === undefined ? {} : { docString }) };
}

/**
 * Parse ONNX `ModelProto` bytes. Throws `ProtobufDecodeError` on malformed bytes and on a model
 * without a graph (what a truncated or non-ONNX file usually looks like).
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  let irVersion = 0;
  let graph: OnnxGraph | undefined;
  const opsetImports: OnnxOpsetImport[] = [];
  const metadata: Record<string, string> = {};
  let producerName: string | undefined;
  let producerVersion: string | undefined;
  let docString: string | undefined;
  for (const entry of new ProtobufReader(bytes).fields()) {
    switch (entry.field) {
      case 1: irVersion = expectInt(entry, 'ModelProto.ir_version'); break;
      case 2: producerName = str(expectBytes(entry, 'ModelProto.producer_name')); break;
      case 3: producerVersion = str(expectBytes(entry, 'ModelProto.producer_version')); break;
      case 6: docString = str(expectBytes(entry, 'ModelProto.doc_string')); break;
      case 7: graph = decodeGraph(expectBytes(entry, 'ModelProto.graph')); break;
      case 8: {
        let domain = '';
        let version = 0;
        for (const part of new ProtobufReader(expectBytes(entry, 'ModelProto.opset_import')).fields()) {
          if (part.field === 1) domain = str(expectBytes(part, 'OperatorSetIdProto.domain'));
          else if (part.field === 2) version = expectInt(part, 'OperatorSetIdProto.version');
        }
        opsetImports.push({ domain, version });
        break;
      }
      case 14: {
        let key = '';
        let value = '';
        for (const part of new ProtobufReader(expectBytes(entry, 'ModelProto.metadata_props')).fields()) {
          if (part.field === 1) key = str(expectBytes(part, 'StringStringEntryProto.key'));
          else if (part.field === 2) value = str(expectBytes(part, 'StringStringEntryProto.value'));
        }
        metadata[key] = value;
        break;
      }
      default: break;
    }
  }
  if (graph === undefined) throw new ProtobufDecodeError('not an ONNX model: no graph', 0);
  if (irVersion <= 0) throw new ProtobufDecodeError('not an ONNX model: no ir_version', 0);
  return {
    irVersion,
    opsetImports,
    graph,
    ...(producerName === undefined ? {} : { producerName }),
    ...(producerVersion === undefined ? {} : { producerVersion }),
    ...(docString === undefined ? {} : { docString }),
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
  };
}

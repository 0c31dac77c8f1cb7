import { ProtobufWriter } from '../protobuf/protobuf-writer.js';
import { OnnxDataType, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnx-model.js';

// AttributeProto.AttributeType codes.
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;

function encodeTensor(tensor: OnnxTensor): Uint8Array {
  const writer = new ProtobufWriter();
  for (const dim of tensor.dims) writer.fieldVarint(1, dim);
  writer.fieldVarint(2, tensor.dataType);
  if (tensor.name !== undefined) writer.fieldString(8, tensor.name);
  // raw_data (field 9): little-endian bytes, the compact form onnx's numpy_helper writes too.
  const count = tensor.data.length;
  let raw: Uint8Array;
  switch (tensor.dataType) {
    case OnnxDataType.FLOAT:
      raw = new Uint8Array(Float32Array.from(tensor.data as ArrayLike<number>).buffer);
      break;
    case OnnxDataType.DOUBLE:
      raw = new Uint8Array(Float64Array.from(tensor.data as ArrayLike<number>).buffer);
      break;
    case OnnxDataType.UINT8:
    case OnnxDataType.BOOL:
      raw = Uint8Array.from(tensor.data as ArrayLike<number>);
      break;
    case OnnxDataType.INT32:
      raw = new Uint8Array(Int32Array.from(tensor.data as ArrayLike<number>).buffer);
      break;
    case OnnxDataType.INT64: {
      const values = new BigInt64Array(count);
      for (let index = 0; index < count; index++) values[index] = BigInt(tensor.data[index] as number);
      raw = new Uint8Array(values.buffer);
      break;
    }
    default:
      throw new RangeError(`cannot encode ONNX tensor data type ${tensor.dataType}`);
  }
  if (!isLittleEndian()) throw new RangeError('encoding ONNX tensors needs a little-endian platform');
  writer.fieldBytes(9, raw);
  return writer.finish();
}

let littleEndian: boolean | undefined;
function isLittleEndian(): boolean {
  littleEndian ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return littleEndian;
}

function encodeAttribute(attribute: OnnxAttribute): Uint8Array {
  if (attribute.type === 'other') throw new RangeError(`cannot encode opaque ONNX attribute '${attribute.name}'`);
  const writer = new ProtobufWriter();
  writer.fieldString(1, attribute.name);
  writer.fieldVarint(20, ATTRIBUTE_TYPE[attribute.type]);
  // onnx.proto is proto2: repeated scalars of AttributeProto are not packed, one tag per element.
  switch (attribute.type) {
    case 'float':
      writer.fieldFloat32(2, attribute.value);
      break;
    case 'int':
      writer.fieldVarint(3, attribute.value);
      break;
    case 'string':
      writer.fieldString(4, attribute.value);
      break;
    case 'tensor':
      writer.fieldBytes(5, encodeTensor(attribute.value));
      break;
    case 'floats':
      for (let index = 0; index < attribute.value.length; index++) writer.fieldFloat32(7, attribute.value[index] as number);
      break;
    case 'ints':
      for (let index = 0; index < attribute.value.length; index++) writer.fieldVarint(8, attribute.value[index] as number);
      break;
    case 'strings':
      for (const text of attribute.value) writer.fieldString(9, text);
      break;
  }
  return writer.finish();
}

function encodeNode(node: OnnxNode): Uint8Array {
  const writer = new ProtobufWriter();
  for (const input of node.inputs) writer.fieldString(1, input);
  for (const output of node.outputs) writer.fieldString(2, output);
  if (node.name !== '') writer.fieldString(3, node.name);
  writer.fieldString(4, node.opType);
  for (const attribute of node.attributes) writer.fieldBytes(5, encodeAttribute(attribute));
  if (node.domain !== '') writer.fieldString(7, node.domain);
  return writer.finish();
}

function encodeValueInfo(info: OnnxValueInfo): Uint8Array {
  if (info.kind !== 'tensor' || info.elemType === undefined) throw new RangeError(`can only encode tensor value infos ('${info.name}')`);
  const shape = new ProtobufWriter();
  for (const dim of info.shape ?? []) {
    const dimension = new ProtobufWriter();
    if (typeof dim === 'number') dimension.fieldVarint(1, dim);
    else if (typeof dim === 'string') dimension.fieldString(2, dim);
    shape.fieldBytes(1, dimension.finish());
  }
  const tensorType = new ProtobufWriter().fieldVarint(1, info.elemType);
  if (info.shape !== undefined) tensorType.fieldBytes(2, shape.finish());
  const type = new ProtobufWriter().fieldBytes(1, tensorType.finish());
  return new ProtobufWriter().fieldString(1, info.name).fieldBytes(2, type.finish()).finish();
}

function encodeGraph(graph: OnnxGraph): Uint8Array {
  const writer = new ProtobufWriter();
  for (const node of graph.nodes) writer.fieldBytes(1, encodeNode(node));
  writer.fieldString(2, graph.name);
  for (const tensor of graph.initializers) writer.fieldBytes(5, encodeTensor(tensor));
  if (graph.docString !== undefined) writer.fieldString(10, graph.docString);
  for (const input of graph.inputs) writer.fieldBytes(11, encodeValueInfo(input));
  for (const output of graph.outputs) writer.fieldBytes(12, encodeValueInfo(output));
  return writer.finish();
}

/** Serialise a model to ONNX protobuf bytes (`ModelProto`). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const writer = new ProtobufWriter();
  writer.fieldVarint(1, model.irVersion);
  if (model.producerName !== undefined) writer.fieldString(2, model.producerName);
  if (model.producerVersion !== undefined) writer.fieldString(3, model.producerVersion);
  if (model.docString !== undefined) writer.fieldString(6, model.docString);
  writer.fieldBytes(7, encodeGraph(model.graph));
  for (const opset of model.opsetImports) {
    const entry = new ProtobufWriter();
    if (opset.domain !== '') entry.fieldString(1, opset.domain);
    entry.fieldVarint(2, opset.version);
    writer.fieldBytes(8, entry.finish());
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    writer.fieldBytes(14, new ProtobufWriter().fieldString(1, key).fieldString(2, value).finish());
  }
  return writer.finish();
}

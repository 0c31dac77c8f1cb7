import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError, ProtobufReader } from './protobuf-reader.js';
import { ProtobufWriter } from './protobuf-writer.js';

describe('protobuf wire format', () => {
  it('encodes varints as the protobuf spec examples', () => {
    expect(Array.from(new ProtobufWriter().varint(1).finish())).toEqual([1]);
    expect(Array.from(new ProtobufWriter().varint(150).finish())).toEqual([0x96, 0x01]);
    expect(Array.from(new ProtobufWriter().varint(300).finish())).toEqual([0xac, 0x02]);
    // int64 -1: ten bytes of two's complement.
    expect(Array.from(new ProtobufWriter().varint(-1).finish())).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('round-trips integers (safe range and negative int64) through varints', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 })), (value) => {
        const reader = new ProtobufReader(new ProtobufWriter().varint(value).finish());
        expect(reader.int()).toBe(value);
        expect(reader.done).toBe(true);
      }),
    );
  });

  it('round-trips fields of every wire type and packed arrays', () => {
    const floats = [0, -1.5, 3.25, Math.fround(0.1)];
    const bytes = new ProtobufWriter()
      .fieldVarint(1, 42)
      .fieldString(2, 'héllo')
      .fieldFloat32(3, 0.5)
      .fieldPackedVarints(4, [1, 300, 70000])
      .fieldPackedFloat32(5, floats)
      .fieldPackedFloat64(6, [Math.PI])
      .finish();
    const reader = new ProtobufReader(bytes);
    const fields = [...reader.fields()];
    expect(fields.map((field) => [field.field, field.wireType])).toEqual([[1, 0], [2, 2], [3, 5], [4, 2], [5, 2], [6, 2]]);
    const [a, b, c, d, e, f] = fields;
    expect(a?.wireType === 0 && a.value).toBe(42);
    expect(b?.wireType === 2 && ProtobufReader.string(b.bytes)).toBe('héllo');
    expect(c?.wireType === 5 && reader.float32At(c.offset)).toBe(0.5);
    expect(d?.wireType === 2 && ProtobufReader.packedInts(d.bytes)).toEqual([1, 300, 70000]);
    expect(e?.wireType === 2 && Array.from(ProtobufReader.packedFloat32(e.bytes))).toEqual(floats);
    expect(f?.wireType === 2 && Array.from(ProtobufReader.packedFloat64(f.bytes))).toEqual([Math.PI]);
  });

  it('rejects malformed input', () => {
    const collect = (bytes: number[]) => [...new ProtobufReader(Uint8Array.from(bytes)).fields()];
    expect(() => collect([0x08, 0x96])).toThrow(ProtobufDecodeError); // truncated varint
    expect(() => collect([0x12, 0x05, 0x61])).toThrow(/past the end/); // length past the end
    expect(() => collect([0x0b])).toThrow(/wire type 3/); // group start
    expect(() => collect([0x00, 0x01])).toThrow(/field number 0/);
    expect(() => collect([0x0d, 0x01, 0x02])).toThrow(/past the end/); // truncated fixed32
  });
});

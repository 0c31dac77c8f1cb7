/** Why decoding stopped: the bytes are not a well-formed protocol-buffers message. */
export class ProtobufDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'ProtobufDecodeError';
  }
}

/** One field of a message as it appears on the wire. */
export type ProtobufField =
  | { readonly field: number; readonly wireType: 0; readonly value: number | bigint }
  | { readonly field: number; readonly wireType: 1; readonly offset: number }
  | { readonly field: number; readonly wireType: 2; readonly bytes: Uint8Array }
  | { readonly field: number; readonly wireType: 5; readonly offset: number };

const TEXT_DECODER = new TextDecoder('utf-8', { fatal: true });

/**
 * A minimal protocol-buffers decoder. `fields()` walks one message level; nested messages are
 * decoded by handing their bytes to a new reader. Strict: truncated varints, lengths past the end
 * and the deprecated group wire types raise `ProtobufDecodeError`.
 */
export class ProtobufReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #position = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Read a varint: a number when it is a safe integer, else a bigint (int64 two's complement). */
  varint(): number | bigint {
    let result = 0;
    let multiplier = 1;
    const start = this.#position;
    for (let index = 0; index < 10; index++) {
      if (this.#position >= this.#bytes.length) throw new ProtobufDecodeError('truncated varint', start);
      const byte = this.#bytes[this.#position++] as number;
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (result <= Number.MAX_SAFE_INTEGER) return result;
        return this.#bigVarint(start);
      }
      multiplier *= 0x80;
    }
    throw new ProtobufDecodeError('varint longer than 10 bytes', start);
  }

  #bigVarint(start: number): bigint {
    let result = 0n;
    let shift = 0n;
    for (let position = start; position < this.#position; position++) {
      result |= BigInt((this.#bytes[position] as number) & 0x7f) << shift;
      shift += 7n;
    }
    return BigInt.asIntN(64, result);
  }

  /** A varint as a JS number; int64 values outside the safe range are an error. */
  int(): number {
    const start = this.#position;
    const value = this.varint();
    if (typeof value === 'bigint') {
      if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
      throw new ProtobufDecodeError(`integer ${value} outside the safe range`, start);
    }
    return value;
  }

  get done(): boolean {
    return this.#position >= this.#bytes.length;
  }

  /** Every field of this message, in wire order. */
  *fields(): Generator<ProtobufField> {
    while (!this.done) {
      const start = this.#position;
      const key = this.int();
      const field = Math.floor(key / 8);
      const wireType = key % 8;
      if (field === 0) throw new ProtobufDecodeError('field number 0', start);
      switch (wireType) {
        case 0:
          yield { field, wireType, value: this.varint() };
          break;
        case 1:
          this.#need(8, start);
          yield { field, wireType, offset: this.#position };
          this.#position += 8;
          break;
        case 2: {
          const length = this.int();
          this.#need(length, start);
          const bytes = this.#bytes.subarray(this.#position, this.#position + length);
          this.#position += length;
          yield { field, wireType, bytes };
          break;
        }
        case 5:
          this.#need(4, start);
          yield { field, wireType, offset: this.#position };
          this.#position += 4;
          break;
        default:
          throw new ProtobufDecodeError(`unsupported wire type ${wireType} (field ${field})`, start);
      }
    }
  }

  #need(count: number, start: number): void {
    if (count < 0 || this.#position + count > this.#bytes.length) throw new ProtobufDecodeError('length past the end of the message', start);
  }

  float32At(offset: number): number {
    return this.#view.getFloat32(offset, true);
  }

  float64At(offset: number): number {
    return this.#view.getFloat64(offset, true);
  }

  static string(bytes: Uint8Array): string {
    try {
      return TEXT_DECODER.decode(bytes);
    } catch {
      throw new ProtobufDecodeError('invalid UTF-8 in a string field', 0);
    }
  }

  /** The values of a packed repeated varint field. */
  static packedInts(bytes: Uint8Array): number[] {
    const reader = new ProtobufReader(bytes);
    const values: number[] = [];
    while (!reader.done) values.push(reader.int());
    return values;
  }

  static packedFloat32(bytes: Uint8Array): Float32Array {
    if (bytes.length % 4 !== 0) throw new ProtobufDecodeError('packed float field length not a multiple of 4', 0);
    const out = new Float32Array(bytes.length / 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let index = 0; index < out.length; index++) out[index] = view.getFloat32(index * 4, true);
    return out;
  }

  static packedFloat64(bytes: Uint8Array): Float64Array {
    if (bytes.length % 8 !== 0) throw new ProtobufDecodeError('packed double field length not a multiple of 8', 0);
    const out = new Float64Array(bytes.length / 8);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let index = 0; index < out.length; index++) out[index] = view.getFloat64(index * 8, true);
    return out;
  }
}

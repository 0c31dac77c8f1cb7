/**
 * A minimal protocol-buffers encoder: the wire types ONNX needs (varint, 64-bit, length-delimited,
 * 32-bit). Messages are built bottom-up: encode a child with its own writer, then embed its bytes.
 */
export class ProtobufWriter {
  #buffer = new Uint8Array(256);
  #view = new DataView(this.#buffer.buffer);
  #length = 0;

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#buffer.length) return;
    let size = this.#buffer.length * 2;
    while (size < this.#length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = next;
    this.#view = new DataView(next.buffer);
  }

  /** Unsigned varint of a non-negative safe integer, or any int64 given as a bigint/negative number. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
      this.#reserve(10);
      let rest = value;
      while (rest >= 0x80) {
        this.#buffer[this.#length++] = (rest % 0x80) | 0x80;
        rest = Math.floor(rest / 0x80);
      }
      this.#buffer[this.#length++] = rest;
      return this;
    }
    // Negative int64 values take ten bytes (two's complement, as protobuf's int64 does).
    let rest = BigInt.asUintN(64, BigInt(value));
    this.#reserve(10);
    while (rest >= 0x80n) {
      this.#buffer[this.#length++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.#buffer[this.#length++] = Number(rest);
    return this;
  }

  tag(field: number, wireType: 0 | 1 | 2 | 5): this {
    return this.varint(field * 8 + wireType);
  }

  bytes(data: Uint8Array): this {
    this.varint(data.length);
    this.#reserve(data.length);
    this.#buffer.set(data, this.#length);
    this.#length += data.length;
    return this;
  }

  float32(value: number): this {
    this.#reserve(4);
    this.#view.setFloat32(this.#length, value, true);
    this.#length += 4;
    return this;
  }

  float64(value: number): this {
    this.#reserve(8);
    this.#view.setFloat64(this.#length, value, true);
    this.#length += 8;
    return this;
  }

  // Field helpers: `field*` write a tag and a value.

  fieldVarint(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  fieldBytes(field: number, data: Uint8Array): this {
    return this.tag(field, 2).bytes(data);
  }

  fieldString(field: number, text: string): this {
    return this.fieldBytes(field, TEXT_ENCODER.encode(text));
  }

  fieldFloat32(field: number, value: number): this {
    return this.tag(field, 5).float32(value);
  }

  /** A packed repeated varint field (`[packed = true]`). */
  fieldPackedVarints(field: number, values: ArrayLike<number>): this {
    const inner = new ProtobufWriter();
    for (let index = 0; index < values.length; index++) inner.varint(values[index] as number);
    return this.fieldBytes(field, inner.finish());
  }

  /** A packed repeated float field. */
  fieldPackedFloat32(field: number, values: ArrayLike<number>): this {
    const inner = new ProtobufWriter();
    for (let index = 0; index < values.length; index++) inner.float32(values[index] as number);
    return this.fieldBytes(field, inner.finish());
  }

  /** A packed repeated double field. */
  fieldPackedFloat64(field: number, values: ArrayLike<number>): this {
    const inner = new ProtobufWriter();
    for (let index = 0; index < values.length; index++) inner.float64(values[index] as number);
    return this.fieldBytes(field, inner.finish());
  }

  get length(): number {
    return this.#length;
  }

  /** The encoded bytes (a copy). */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}

const TEXT_ENCODER = new TextEncoder();

// The oldest TFLite runtime that runs each (builtin operator, version) pair, for the `min_runtime_version`
// metadata entry the converter writes (tensorflow/lite/tools/versioning/runtime_version.cc; our operators only).

const TABLE: Record<string, readonly string[]> = {
  // index v-1: runtime version of operator version v
  ADD: ['1.5.0', '1.14.0', '2.4.0', '2.6.0'],
  AVERAGE_POOL_2D: ['1.5.0', '1.14.0', '2.3.0'],
  CAST: ['1.5.0', '2.7.0', '2.8.0', '2.9.0'],
  CONCATENATION: ['1.5.0', '1.14.0', '2.3.0'],
  CONV_2D: ['1.5.0', '1.14.0', '1.14.0', '2.3.0', '2.4.0', '2.9.0'],
  DEPTHWISE_CONV_2D: ['1.5.0', '1.12.0', '1.14.0', '2.2.0', '2.3.0', '2.3.0'],
  DEQUANTIZE: ['1.13.1', '1.14.0', '1.15.0', '2.2.0', '2.7.0'],
  DIV: ['1.6.0', '2.3.0'],
  EXPAND_DIMS: ['1.10.0'],
  FULLY_CONNECTED: ['1.5.0', '1.10.0', '1.14.0', '1.14.0', '2.0.0', '2.1.0', '2.3.0', '2.3.0', '2.3.0'],
  GELU: ['2.9.0', '2.9.0'],
  HARD_SWISH: ['1.15.0'],
  LEAKY_RELU: ['1.13.1', '2.3.0'],
  LOGISTIC: ['1.14.0', '1.14.0', '2.3.0'],
  MAX_POOL_2D: ['1.5.0', '1.14.0', '2.3.0'],
  MEAN: ['1.6.0', '1.14.0', '2.4.0'],
  MUL: ['1.5.0', '1.14.0', '1.15.0', '2.3.0', '2.6.0'],
  PACK: ['1.11.0', '1.14.0', '2.3.0'],
  PAD: ['1.5.0', '1.14.0', '2.4.0', '2.6.0'],
  PADV2: ['1.9.0', '1.14.0', '2.4.0', '2.6.0'],
  QUANTIZE: ['1.14.0', '1.15.0', '2.7.0'],
  RELU: ['1.5.0', '2.1.0', '2.5.0'],
  RELU6: ['1.5.0', '1.14.0', '2.5.0'],
  RESHAPE: ['1.5.0'],
  SHAPE: ['1.10.0'],
  SOFTMAX: ['1.5.0', '1.14.0', '2.3.0'],
  SQUEEZE: ['1.6.0', '2.5.0'],
  STRIDED_SLICE: ['1.6.0', '1.14.0', '2.1.0', '2.2.0', '2.5.0', '2.6.0'],
  SUB: ['1.6.0', '1.14.0', '2.3.0', '2.4.0', '2.4.0'],
  SUM: ['1.10.0', '1.15.0'],
  TANH: ['1.14.0', '1.14.0', '2.3.0'],
  TRANSPOSE: ['1.6.0', '1.14.0', '1.15.0', '2.3.0', '2.4.0'],
};

function newer(a: string, b: string): boolean {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/** The highest runtime version any of `ops` needs; null when none of them is in the table (as TFLite skips those). */
export function minRuntimeVersion(ops: Iterable<{ opcode: string; version: number }>): string | null {
  let best: string | null = null;
  for (const op of ops) {
    const v = TABLE[op.opcode]?.[op.version - 1];
    if (v !== undefined && (best === null || newer(v, best))) best = v;
  }
  return best;
}

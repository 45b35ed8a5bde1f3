// The CPU backend's explicit operator table: builtin opcode -> kernel (one kernel per file in kernels/).
import type { CpuKernel } from './kernel.js';
import { addKernel } from './kernels/add.js';
import { averagePool2dKernel } from './kernels/average-pool-2d.js';
import { castKernel } from './kernels/cast.js';
import { concatenationKernel } from './kernels/concatenation.js';
import { conv2dKernel } from './kernels/conv-2d.js';
import { depthwiseConv2dKernel } from './kernels/depthwise-conv-2d.js';
import { dequantizeKernel } from './kernels/dequantize.js';
import { expandDimsKernel } from './kernels/expand-dims.js';
import { fullyConnectedKernel } from './kernels/fully-connected.js';
import { hardSwishKernel } from './kernels/hard-swish.js';
import { logisticKernel } from './kernels/logistic.js';
import { maxPool2dKernel } from './kernels/max-pool-2d.js';
import { meanKernel } from './kernels/mean.js';
import { mulKernel } from './kernels/mul.js';
import { packKernel } from './kernels/pack.js';
import { padKernel } from './kernels/pad.js';
import { quantizeKernel } from './kernels/quantize.js';
import { reluKernel } from './kernels/relu.js';
import { relu6Kernel } from './kernels/relu6.js';
import { reshapeKernel } from './kernels/reshape.js';
import { shapeKernel } from './kernels/shape.js';
import { softmaxKernel } from './kernels/softmax.js';
import { squeezeKernel } from './kernels/squeeze.js';
import { stridedSliceKernel } from './kernels/strided-slice.js';
import { subKernel } from './kernels/sub.js';
import { tanhKernel } from './kernels/tanh.js';
import { transposeKernel } from './kernels/transpose.js';

export const CPU_KERNELS: Readonly<Record<string, CpuKernel>> = {
  ADD: addKernel,
  AVERAGE_POOL_2D: averagePool2dKernel,
  CAST: castKernel,
  CONCATENATION: concatenationKernel,
  CONV_2D: conv2dKernel,
  DEPTHWISE_CONV_2D: depthwiseConv2dKernel,
  DEQUANTIZE: dequantizeKernel,
  EXPAND_DIMS: expandDimsKernel,
  FULLY_CONNECTED: fullyConnectedKernel,
  HARD_SWISH: hardSwishKernel,
  LOGISTIC: logisticKernel,
  MAX_POOL_2D: maxPool2dKernel,
  MEAN: meanKernel,
  MUL: mulKernel,
  PACK: packKernel,
  PAD: padKernel,
  PADV2: padKernel,
  QUANTIZE: quantizeKernel,
  RELU: reluKernel,
  RELU6: relu6Kernel,
  RESHAPE: reshapeKernel,
  SHAPE: shapeKernel,
  SOFTMAX: softmaxKernel,
  SQUEEZE: squeezeKernel,
  STRIDED_SLICE: stridedSliceKernel,
  SUB: subKernel,
  TANH: tanhKernel,
  TRANSPOSE: transposeKernel,
};

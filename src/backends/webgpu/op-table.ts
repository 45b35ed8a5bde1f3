// The WebGPU backend's explicit operator table; operators missing here (or whose kernel's check refuses a
// dtype/option combination) run on the CPU inside the GPU plan.
import type { GpuKernel } from './kernel.js';
import { averagePool2dGpuKernel } from './kernels/average-pool-2d.js';
import { addGpuKernel, mulGpuKernel, subGpuKernel } from './kernels/binary.js';
import { castGpuKernel } from './kernels/cast.js';
import { concatenationGpuKernel } from './kernels/concatenation.js';
import { conv2dGpuKernel } from './kernels/conv-2d.js';
import { depthwiseConv2dGpuKernel } from './kernels/depthwise-conv-2d.js';
import { dequantizeGpuKernel } from './kernels/dequantize.js';
import { expandDimsGpuKernel } from './kernels/expand-dims.js';
import { fullyConnectedGpuKernel } from './kernels/fully-connected.js';
import { hardSwishGpuKernel } from './kernels/hard-swish.js';
import { logisticGpuKernel } from './kernels/logistic.js';
import { maxPool2dGpuKernel } from './kernels/max-pool-2d.js';
import { meanGpuKernel } from './kernels/mean.js';
import { padGpuKernel } from './kernels/pad.js';
import { quantizeGpuKernel } from './kernels/quantize.js';
import { reluGpuKernel } from './kernels/relu.js';
import { relu6GpuKernel } from './kernels/relu6.js';
import { reshapeGpuKernel } from './kernels/reshape.js';
import { softmaxGpuKernel } from './kernels/softmax.js';
import { squeezeGpuKernel } from './kernels/squeeze.js';
import { stridedSliceGpuKernel } from './kernels/strided-slice.js';
import { tanhGpuKernel } from './kernels/tanh.js';
import { transposeGpuKernel } from './kernels/transpose.js';

export const GPU_KERNELS: Readonly<Record<string, GpuKernel>> = {
  ADD: addGpuKernel,
  AVERAGE_POOL_2D: averagePool2dGpuKernel,
  CAST: castGpuKernel,
  CONCATENATION: concatenationGpuKernel,
  CONV_2D: conv2dGpuKernel,
  DEPTHWISE_CONV_2D: depthwiseConv2dGpuKernel,
  DEQUANTIZE: dequantizeGpuKernel,
  EXPAND_DIMS: expandDimsGpuKernel,
  FULLY_CONNECTED: fullyConnectedGpuKernel,
  HARD_SWISH: hardSwishGpuKernel,
  LOGISTIC: logisticGpuKernel,
  MAX_POOL_2D: maxPool2dGpuKernel,
  MEAN: meanGpuKernel,
  MUL: mulGpuKernel,
  PAD: padGpuKernel,
  PADV2: padGpuKernel,
  QUANTIZE: quantizeGpuKernel,
  RELU: reluGpuKernel,
  RELU6: relu6GpuKernel,
  RESHAPE: reshapeGpuKernel,
  SOFTMAX: softmaxGpuKernel,
  SQUEEZE: squeezeGpuKernel,
  STRIDED_SLICE: stridedSliceGpuKernel,
  SUB: subGpuKernel,
  TANH: tanhGpuKernel,
  TRANSPOSE: transposeGpuKernel,
};

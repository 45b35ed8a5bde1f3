// The CPU backend: plans per input-shape signature, binds every step to arena views once per plan, and runs
// the steps' kernels in order.
import type { Backend, HostTensor, OpPlacement, OpTiming, ProfiledRun } from '../backend.js';
import type { TypedArray } from '../../graph/dtype.js';
import { allocTyped, numElements, viewTyped } from '../../graph/dtype.js';
import type { Graph, Operator } from '../../graph/ir.js';
import { planGraph, type Evaluator, type Plan } from '../../planning/planner.js';
import { KernelError } from '../../errors.js';
import type { CpuTensor, KernelContext } from './kernel.js';
import { CPU_KERNELS } from './op-table.js';
import { expandFoldedWeights } from './expand-weights.js';
import { assertSupported } from './support.js';

interface BoundPlan {
  plan: Plan;
  contexts: KernelContext[];
  inputs: CpuTensor[];
  outputs: CpuTensor[];
}

function kernelFor(op: Operator) {
  const k = CPU_KERNELS[op.opcode];
  if (!k) throw new KernelError(op.opcode, op.index, 'no CPU kernel');
  return k;
}

/** Runs single operators on known values; the planner folds shape chains and constant subgraphs with it. */
export function cpuEvaluator(g: Graph): Evaluator {
  return (op, inputs, outputShapes) => {
    const ctx: KernelContext = {
      op,
      inputs: inputs.map((x, i) => (x ? { info: g.tensors[op.inputs[i]!]!, shape: x.shape, data: x.data } : null)),
      outputs: op.outputs.map((t, k) => {
        const info = g.tensors[t]!;
        return { info, shape: outputShapes[k]!, data: allocTyped(info.dtype, numElements(outputShapes[k]!)) };
      }),
    };
    kernelFor(op).run(ctx);
    return ctx.outputs.map((o) => o.data);
  };
}

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly precision = 'fp32' as const;
  readonly adapter = null;
  readonly graph: Graph;
  private bound: BoundPlan | null = null;
  private boundKey = '';
  private readonly evaluate: Evaluator;

  constructor(graph: Graph) {
    this.graph = expandFoldedWeights(graph);
    assertSupported(this.graph);
    this.evaluate = cpuEvaluator(this.graph);
  }

  /** The plan for these input shapes (cached: the last one is reused while shapes stay the same). */
  planFor(inputShapes: number[][]): BoundPlan {
    const key = inputShapes.map((s) => s.join('x')).join(',');
    if (this.bound && key === this.boundKey) return this.bound;
    const plan = planGraph(this.graph, inputShapes, this.evaluate);
    this.bound = this.bind(plan);
    this.boundKey = key;
    return this.bound;
  }

  private bind(plan: Plan): BoundPlan {
    const g = this.graph;
    const arena = new ArrayBuffer(plan.memory.arenaBytes);
    const views = new Map<number, CpuTensor>();
    const tensor = (t: number): CpuTensor => {
      let v = views.get(t);
      if (v) return v;
      const info = g.tensors[t]!;
      const shape = plan.shapes[t]!;
      const constant = info.data ?? plan.folded.get(t);
      let data: TypedArray;
      if (constant) data = constant;
      else {
        const off = plan.memory.offsets.get(t);
        if (off === undefined) throw new KernelError('PLAN', -1, `tensor ${t} "${info.name}" has no storage`);
        data = viewTyped(info.dtype, arena, off, numElements(shape));
      }
      v = { info, shape, data };
      views.set(t, v);
      return v;
    };
    const contexts = plan.steps.map((op) => ({
      op,
      inputs: op.inputs.map((t) => (t < 0 ? null : tensor(t))),
      outputs: op.outputs.map(tensor),
    }));
    return { plan, contexts, inputs: g.inputs.map(tensor), outputs: g.outputs.map(tensor) };
  }

  async run(inputs: HostTensor[]): Promise<HostTensor[]> {
    return this.runSync(inputs);
  }

  runSync(inputs: HostTensor[]): HostTensor[] {
    return this.runObserved(inputs, null);
  }

  /**
   * runSync that calls `observe` after each step with its outputs: views into the arena, which later steps reuse,
   * so read them inside the callback (the quantizer's calibration records every activation's range this way).
   */
  runObserved(inputs: HostTensor[], observe: ((op: Operator, outputs: readonly CpuTensor[]) => void) | null): HostTensor[] {
    const b = this.planFor(inputs.map((x) => x.shape));
    b.inputs.forEach((t, i) => (t.data as Uint8Array).set(inputs[i]!.data as Uint8Array));
    for (const ctx of b.contexts) {
      kernelFor(ctx.op).run(ctx);
      if (observe) observe(ctx.op, ctx.outputs);
    }
    // Copy out: the arena is reused by the next run.
    return b.outputs.map((t) => ({ shape: t.shape.slice(), dtype: t.info.dtype, data: t.data.slice() }));
  }

  async profile(inputs: HostTensor[]): Promise<ProfiledRun> {
    const ops: OpTiming[] = [];
    let t = performance.now();
    this.runObserved(inputs, (op) => {
      const now = performance.now();
      ops.push({ op: op.index, opcode: op.opcode, on: 'cpu', ms: now - t });
      t = now;
    });
    return { timeSource: 'wall', ops };
  }

  placement(): OpPlacement[] {
    return this.graph.operators.map((op) => ({ op: op.index, opcode: op.opcode, on: 'cpu' as const }));
  }

  memoryStats(): { activationBytes: number; weightBytes: number } {
    const weightBytes = this.graph.tensors.reduce((s, t) => s + (t.data ? t.data.byteLength : 0), 0);
    return { activationBytes: this.bound?.plan.memory.arenaBytes ?? 0, weightBytes };
  }

  dispose(): void {
    this.bound = null;
  }
}

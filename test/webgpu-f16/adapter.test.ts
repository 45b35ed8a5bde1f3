// The f16 project runs on Mesa 25 lavapipe (.ci/run installs it): it must offer shader-f16, or the f16 kernel
// tests beside this file would silently test the packed-fp16 fallback instead.
import { describe, expect, it } from 'vitest';
import { gpuContext } from '../helpers/gpu.js';

describe('lavapipe adapter', () => {
  it('offers shader-f16 and the device is opened with it', async () => {
    const ctx = await gpuContext();
    expect(ctx.info.description + ctx.info.architecture + ctx.info.vendor).toMatch(/llvmpipe|lavapipe|mesa/i);
    expect(ctx.info.features).toContain('shader-f16');
  });
});

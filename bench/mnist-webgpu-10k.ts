// `npm run check:webgpu-10k`: all 10,000 MNIST test images on WebGPU vs the CPU backend for every shared MNIST
// model the engine runs, the batch-1 models too (npm test checks only their first 500 images; it runs all 10,000
// of the dynamic-batch models). Prints one row per model; exits 1 when any prediction differs.
import { loadModel, loadModelFromBytes, UnsupportedOpError } from '../src/index.js';
import { evalMnist } from '../src/cli/mnist.js';
import { loadMnist } from '../src/cli/commands/eval-mnist.js';
import { goldenFiles, readGolden, readShared, sharedPath } from '../test/helpers/shared.js';
import { gpuContext } from '../test/helpers/gpu.js';
const { images, labels } = await loadMnist(sharedPath('mnist','t10k-images-idx3-ubyte.gz'), sharedPath('mnist','t10k-labels-idx1-ubyte.gz'));
let failed = false;
for (const g of goldenFiles().map(readGolden).filter((g) => g.predictions_10k)) {
  const bytes = readShared('models', g.model);
  let cpuM; try { cpuM = loadModelFromBytes(bytes, g.model); } catch (e) { if (e instanceof UnsupportedOpError) continue; throw e; }
  const pixels = (g.inputs?.[0]?.pre ?? 'unit') as 'unit';
  const cpu = await evalMnist(cpuM, images, labels, { pixels, batch: 1000 });
  const m = await loadModel(bytes, { backend: 'webgpu', gpuContext: await gpuContext() });
  const t = performance.now();
  const gpu = await evalMnist(m, images, labels, { pixels, batch: 1000 });
  m.dispose();
  let d = 0; gpu.predictions.forEach((p, i) => { if (p !== cpu.predictions[i]) d++; });
  if (d > 0 || gpu.correct !== cpu.correct) failed = true;
  console.log(`${g.model} | cpu ${cpu.correct}/10000 | webgpu ${gpu.correct}/10000 | differing predictions ${d} | gpu ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
process.exit(failed ? 1 : 0);

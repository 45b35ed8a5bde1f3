// `npm run check:webgpu-10k`: all 10,000 MNIST test images on WebGPU vs the CPU backend for every dynamic-batch
// shared MNIST model (too slow on SwiftShader for npm test, which checks the first 2,000). Prints one row per model.
import { loadModel, loadModelFromBytes, UnsupportedOpError } from '../src/index.js';
import { evalMnist } from '../src/cli/mnist.js';
import { loadMnist } from '../src/cli/commands/eval-mnist.js';
import { goldenFiles, readGolden, readShared, sharedPath } from '../test/helpers/shared.js';
import { gpuContext } from '../test/helpers/gpu.js';
const { images, labels } = await loadMnist(sharedPath('mnist','t10k-images-idx3-ubyte.gz'), sharedPath('mnist','t10k-labels-idx1-ubyte.gz'));
for (const g of goldenFiles().map(readGolden).filter((g) => g.predictions_10k)) {
  const bytes = readShared('models', g.model);
  let cpuM; try { cpuM = loadModelFromBytes(bytes, g.model); } catch (e) { if (e instanceof UnsupportedOpError) continue; throw e; }
  if (cpuM.inputs[0]!.shapeSignature[0] !== -1) { console.log(g.model, 'skipped (batch-1 model)'); continue; }
  const pixels = (g.inputs?.[0]?.pre ?? 'unit') as 'unit';
  const cpu = await evalMnist(cpuM, images, labels, { pixels, batch: 500 });
  const m = await loadModel(bytes, { backend: 'webgpu', gpuContext: await gpuContext() });
  const t = performance.now();
  const gpu = await evalMnist(m, images, labels, { pixels, batch: 500 });
  let d = 0; gpu.predictions.forEach((p, i) => { if (p !== cpu.predictions[i]) d++; });
  console.log(`${g.model} | cpu ${cpu.correct}/10000 | webgpu ${gpu.correct}/10000 | differing predictions ${d} | gpu ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
process.exit(0);

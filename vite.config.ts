// Vite and Vitest configuration. Tests read ../shared at run time. Two Vitest projects: the main suite (GPU tests on
// SwiftShader through Dawn), and the f16 suite on Mesa 25 lavapipe, the only adapter here with shader-f16; the
// Vulkan driver is chosen per process, so each project sets VK_ICD_FILENAMES for its own workers.
import { defineConfig } from 'vitest/config';

const LAVAPIPE_ICD = '/usr/share/vulkan/icd.d/lvp_icd.json';

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: ['test/webgpu-f16/**'] } },
      { extends: true, test: { name: 'f16', include: ['test/webgpu-f16/**/*.test.ts'], env: { VK_ICD_FILENAMES: LAVAPIPE_ICD } } },
    ],
  },
});

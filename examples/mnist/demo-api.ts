// The page's test and benchmark hook (window.mnistDemo): types only, shared by the page, its tests and bench/demo-page.ts.

export interface DemoState {
  /** A model is loaded, warmed up, and no load is in flight. */
  ready: boolean;
  model: string | null;
  quantization: string | null;
  backend: 'webgpu' | 'cpu' | null;
  adapter: string | null;
  precision: 'fp32' | 'fp16' | null;
  fallbackReason: string | null;
  prediction: number | null;
  probabilities: number[] | null;
  /** ms of each single-image inference so far (drawing and classifyPixels calls of one image). */
  latencies: number[];
  /** performance.now() (ms since navigation start) when the first classification finished. */
  firstClassificationMs: number | null;
  notice: string;
  error: string;
}

export interface MnistDemoHook {
  state(): DemoState;
  /** Resolves when no model load or classification is queued or running. */
  settled(): Promise<void>;
  /**
   * Classifies MNIST bytes (784 per image, 0 = background) straight through the model input, skipping the drawing
   * preprocessing: the path the tests compare with the Node CPU backend.
   */
  classifyPixels(pixels: Uint8Array): Promise<{ predictions: number[]; ms: number }>;
  /** Selects a bundled model by file name (as the selector does) and resolves once it is loaded. */
  selectModel(file: string): Promise<void>;
}

declare global {
  interface Window { mnistDemo?: MnistDemoHook }
}

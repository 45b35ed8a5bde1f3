// MNIST goldens, first half (split in two files so vitest runs them on both cores).
import { defineMnistGoldenTests } from './helpers/mnist-golden.js';

defineMnistGoldenTests((_g, i) => i % 2 === 0);

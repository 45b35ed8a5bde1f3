"""Runs .tflite models on native TensorFlow Lite 2.9 (its C library, builtin kernels, no delegate) for tests.

The library ships inside the npm package tfjs-tflite-node (a dev dependency); Python's ctypes calls it, so
nothing is compiled. Job on stdin (JSON): {"lib": path, "model": path, "dir": path, "cases": N, "inputs": M}.
Reads DIR/<case>.in<j> (raw little-endian tensor bytes), writes DIR/<case>.out<k> for every output k.
A fresh interpreter per case, one thread. Prints one JSON line: {"outputs": K} or {"error": "..."}.
"""
import ctypes
import json
import sys


def main() -> None:
    job = json.load(sys.stdin)
    lib = ctypes.CDLL(job["lib"])
    vp = ctypes.c_void_p
    lib.TfLiteModelCreate.restype = vp
    lib.TfLiteModelCreate.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.TfLiteInterpreterOptionsCreate.restype = vp
    lib.TfLiteInterpreterOptionsSetNumThreads.argtypes = [vp, ctypes.c_int]
    lib.TfLiteInterpreterCreate.restype = vp
    lib.TfLiteInterpreterCreate.argtypes = [vp, vp]
    lib.TfLiteInterpreterAllocateTensors.argtypes = [vp]
    lib.TfLiteInterpreterGetInputTensor.restype = vp
    lib.TfLiteInterpreterGetInputTensor.argtypes = [vp, ctypes.c_int]
    lib.TfLiteInterpreterGetOutputTensor.restype = vp
    lib.TfLiteInterpreterGetOutputTensor.argtypes = [vp, ctypes.c_int]
    lib.TfLiteInterpreterGetOutputTensorCount.argtypes = [vp]
    lib.TfLiteTensorCopyFromBuffer.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
    lib.TfLiteTensorCopyToBuffer.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
    lib.TfLiteTensorByteSize.argtypes = [vp]
    lib.TfLiteTensorByteSize.restype = ctypes.c_size_t
    lib.TfLiteInterpreterInvoke.argtypes = [vp]
    lib.TfLiteInterpreterDelete.argtypes = [vp]

    data = open(job["model"], "rb").read()
    buf = ctypes.create_string_buffer(data, len(data))  # must outlive the model
    model = lib.TfLiteModelCreate(buf, len(data))
    if not model:
        print(json.dumps({"error": "TfLiteModelCreate failed"}))
        return
    opts = lib.TfLiteInterpreterOptionsCreate()
    lib.TfLiteInterpreterOptionsSetNumThreads(opts, 1)
    d = job["dir"]
    n_out = 0
    for k in range(job["cases"]):
        it = lib.TfLiteInterpreterCreate(model, opts)
        if not it or lib.TfLiteInterpreterAllocateTensors(it) != 0:
            print(json.dumps({"error": "interpreter creation or allocation failed"}))
            return
        for j in range(job["inputs"]):
            raw = open(f"{d}/{k}.in{j}", "rb").read()
            t = lib.TfLiteInterpreterGetInputTensor(it, j)
            if lib.TfLiteTensorByteSize(t) != len(raw):
                print(json.dumps({"error": f"input {j}: {len(raw)} bytes given, tensor has {lib.TfLiteTensorByteSize(t)}"}))
                return
            lib.TfLiteTensorCopyFromBuffer(t, raw, len(raw))
        if lib.TfLiteInterpreterInvoke(it) != 0:
            print(json.dumps({"error": f"invoke failed on case {k}"}))
            return
        n_out = lib.TfLiteInterpreterGetOutputTensorCount(it)
        for o in range(n_out):
            t = lib.TfLiteInterpreterGetOutputTensor(it, o)
            n = lib.TfLiteTensorByteSize(t)
            out = ctypes.create_string_buffer(n)
            lib.TfLiteTensorCopyToBuffer(t, out, n)
            open(f"{d}/{k}.out{o}", "wb").write(out.raw)
        lib.TfLiteInterpreterDelete(it)
    print(json.dumps({"outputs": n_out}))


if __name__ == "__main__":
    main()

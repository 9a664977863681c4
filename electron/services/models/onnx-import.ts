/** Kept for the command line, which reads ONNX files through this path; the code is in shared/onnx/import.ts. */
export { inspectOnnx } from '../../../shared/onnx/import';

/** What an ONNX file takes and gives (shown when importing a model, and returned by models.inspect). */
export interface OnnxPort {
  name: string;
  /** e.g. "tensor(float)[N,3]" or "seq(map(int64,float))". */
  type: string;
  /** Width of a 2-D tensor input (features per row), when known. */
  width: number | null;
  /** A tensor's element type ("float", "string", ...), or null for sequences and maps. */
  elem: string | null;
}

export interface OnnxInfo {
  producer: string;
  inputs: OnnxPort[];
  outputs: OnnxPort[];
  zipMap: boolean;
  metadata: Record<string, string>;
  /** What the workbench changes when it runs the model, and why. */
  notes: string[];
}

/** Small helpers over onnx-proto for writing test graphs by hand (opset 17, IR 8). */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Dim = number | string;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;

export function input(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export const output = input;

export function floats(name: string, dims: number[], values: Float32Array | number[]): onnxProto.onnx.ITensorProto {
  return { name, dataType: FLOAT, dims, floatData: Array.from(values) };
}

export function int64s(name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto {
  return { name, dataType: INT64, dims, int64Data: values };
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, number> = {},
): onnxProto.onnx.INodeProto {
  const attribute = Object.entries(attributes).map(([name, i]) => ({
    name,
    type: onnx.AttributeProto.AttributeType.INT,
    i,
  }));
  return { opType, input: inputs, output: outputs, name: `${opType}_${outputs[0]}`, attribute };
}

export function model(graph: {
  name: string;
  inputs: onnxProto.onnx.IValueInfoProto[];
  outputs: onnxProto.onnx.IValueInfoProto[];
  initializers: onnxProto.onnx.ITensorProto[];
  nodes: onnxProto.onnx.INodeProto[];
}): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'vigil-test',
    graph: {
      name: graph.name,
      input: graph.inputs,
      output: graph.outputs,
      initializer: graph.initializers,
      node: graph.nodes,
    },
  }).finish();
}

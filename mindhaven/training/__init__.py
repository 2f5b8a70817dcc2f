"""Offline training and evaluation of the facial-emotion classifier.

`data` and `evaluate` need only numpy (and onnxruntime): the app's CLI uses them
to score any ONNX model. Everything else needs torch, from the `train` extra.
"""

"""MindHaven: affordable, pseudonymous online therapy with real-time emotional insight.

Importing the package stays light (no Flask), so that `mindhaven.emotion` and
`mindhaven.training` run where only numpy, OpenCV, onnxruntime or torch exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(*args: Any, **kwargs: Any) -> Flask:
    """The Flask app factory (see mindhaven.app.create_app)."""
    from mindhaven.app import create_app as factory

    return factory(*args, **kwargs)

"""The ML runtime knows nothing of Flask or torch: importing it must not pull them in."""

import subprocess
import sys


def test_emotion_runtime_imports_neither_flask_nor_torch():
    code = (
        "import sys, mindhaven.emotion.pipeline, mindhaven.emotion.cli, mindhaven.training.evaluate; "
        "bad = [m for m in ('flask', 'torch', 'sqlalchemy') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

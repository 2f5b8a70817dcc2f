"""The one error type the emotion engine raises for bad input."""


class ImageError(ValueError):
    """The input is not an image the engine can analyse (empty, not an image, truncated, too small or too large,
    wrong dtype or channel count). The message says which, in plain words."""

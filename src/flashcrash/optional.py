"""Functions named as ``"module:function"`` in the project's lists (chapter assessors, benchmarks).

A chapter's module may not be written yet: its function is then ``None`` and the caller says
"pending" or skips it. Any other import error is raised.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def optional_function(spec: str) -> Callable[..., Any] | None:
    """The function ``spec`` (``"package.module:function"``), or None while that module does not exist."""
    module, func = spec.split(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, func)

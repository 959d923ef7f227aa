"""Re-run chapter notebooks and store the outputs that nbval checks.

Usage: python scripts/store_outputs.py book/01_which_day.ipynb [...]

Every cell is executed; only the outputs of cells that start with ``# NBVAL_CHECK_OUTPUT`` (the
cells that print claim figures) are kept, so the notebooks stay small and their diffs readable.
``pytest`` (nbval, ``--nbval-lax``) then re-runs each notebook and compares those cells.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARK = "# NBVAL_CHECK_OUTPUT"


def store(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if not cell.source.lstrip().startswith(MARK):
            cell.outputs = []
            cell.execution_count = None
        else:
            for out in cell.outputs:
                out.pop("execution_count", None) if out.get("output_type") != "execute_result" else None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"stored checked outputs of {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        store(Path(arg))

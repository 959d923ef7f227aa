"""Compute once: an on-disk cache of results (the ledger, the chapters' verdicts, expensive measures).

``@cached("name")`` stores what a function returns (any picklable object) in ``_cache/`` at the
repository root (ignored by git; ``FLASHCRASH_RESULTS_CACHE`` moves it, a relative path read from the
repository root). An entry is reused only when its **key** is unchanged. The key hashes:

* every source file of the package (``src/flashcrash/**/*.py``): a change to any model, rule,
  loader or helper recomputes everything;
* ``data/*.yaml``: the claims and the registry of raw files, which holds every file's SHA-256, so
  other data recompute everything (the files themselves are verified against those checksums when
  they are read);
* the versions of Python, numpy, pandas and scipy;
* the function's name and its arguments' values (numbers, strings, timestamps, tuples, lists, dicts,
  dataclasses, numpy arrays and pandas objects; anything else is refused with a clear error).

The ledger command, the notebooks and the tests share the cache. ``FLASHCRASH_NO_CACHE=1`` (the
ledger's ``--no-cache``) turns it off: every result is computed from scratch and nothing is read or
written. Entries are written atomically (a temporary file renamed into place), so processes running
at the same time never read half an entry; an unreadable entry is recomputed. When a function's key
changes, its entries under the old key are deleted as the new one is written.

:func:`content_cached` keeps bytes that depend on their own key only (the charts' SVG and PNG
files, keyed by the chart's spec and the renderer's version), so they survive code changes.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from flashcrash.paths import data_dir, from_root, repo_root

# numpy and pandas are imported only when an argument needs them: a cache hit of the ledger (plain
# Python values) then costs no more than reading one small file.

CACHE_ENV = "FLASHCRASH_RESULTS_CACHE"
NO_CACHE_ENV = "FLASHCRASH_NO_CACHE"
#: Entries are written to a temporary file of this prefix, then renamed: a reader never sees half an entry.
TMP_PREFIX = ".tmp-"

F = TypeVar("F", bound=Callable[..., Any])


def package_dir() -> Path:
    """The package's source folder (``src/flashcrash``)."""
    return Path(__file__).resolve().parent


def cache_folder() -> Path:
    """``_cache/`` at the repository root, or ``$FLASHCRASH_RESULTS_CACHE``."""
    env = os.environ.get(CACHE_ENV)
    return from_root(env) if env else repo_root() / "_cache"


def enabled() -> bool:
    """False when ``FLASHCRASH_NO_CACHE`` is set to anything but ``""``/``0``."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


@functools.cache
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _files(base: Path, suffix: str, recursive: bool) -> list[tuple[str, str]]:
    """``(name relative to base, with "/", path)`` of the files under ``base`` (in its subfolders too
    when ``recursive``) whose names end in ``suffix``, sorted by name. os.walk, not Path.rglob: the key
    is computed for every cached call, and this is four times faster."""
    out = []
    for folder, subfolders, names in os.walk(base):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"] if recursive else []
        rel = os.path.relpath(folder, base).replace(os.sep, "/")
        out += [(name if rel == "." else f"{rel}/{name}", os.path.join(folder, name)) for name in names if name.endswith(suffix)]
    return sorted(out)


def fingerprint() -> str:
    """Hex SHA-256 of the key inputs (file names and bytes, library versions). A file is re-hashed
    only when its modification time or size changed."""
    h = hashlib.sha256()
    for label, files in (("src", _files(package_dir(), ".py", True)), ("data", _files(data_dir(), ".yaml", False))):
        for name, path in files:
            st = os.stat(path)
            h.update(f"{label}/{name}\0{_file_digest(path, st.st_mtime_ns, st.st_size)}\0".encode())
    h.update(f"python {sys.version}; {_library_versions()}".encode())
    return h.hexdigest()


@functools.cache
def _library_versions() -> str:
    return "; ".join(f"{lib} {version(lib)}" for lib in ("numpy", "pandas", "scipy"))


def loaded_library(name: str) -> Any:
    """The module ``name`` once it is imported in full, else None. Another thread may be importing
    it (the build's main thread imports the package's libraries while the ledger is looked up): a
    module still initialising lacks most of its names, and no value of its types exists yet."""
    module = sys.modules.get(name)
    if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
        return None
    return module


def token(value: Any) -> str:
    """A stable text for an argument's value (the same value gives the same text in every process)."""
    if value is None or isinstance(value, (bool, int, str, bytes)):
        return repr(value)
    if isinstance(value, float):
        return float.hex(value)
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}({', '.join(token(v) for v in value)})"
    if isinstance(value, dict):
        return "dict(" + ", ".join(f"{token(k)}: {token(v)}" for k, v in sorted(value.items(), key=lambda kv: token(kv[0]))) + ")"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(f"{f.name}={token(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}({fields})"
    np = loaded_library("numpy")  # a numpy or pandas value means the library is loaded already
    pd = loaded_library("pandas")
    if np is not None and isinstance(value, (np.integer, np.floating, np.bool_)):
        return token(value.item())
    if pd is not None and isinstance(value, pd.Timestamp):
        return f"Timestamp({value.isoformat()}, {value.tz})"
    if pd is not None and isinstance(value, pd.Timedelta):
        return f"Timedelta({value.value})"
    if np is not None and isinstance(value, np.ndarray):
        if value.dtype == object:
            return f"ndarray(object, {value.shape}, {token(value.tolist())})"
        return f"ndarray({value.dtype}, {value.shape}, {hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()})"
    if pd is not None and isinstance(value, (pd.Series, pd.DataFrame, pd.Index)):
        digest = hashlib.sha256(pd.util.hash_pandas_object(value, index=not isinstance(value, pd.Index)).to_numpy().tobytes())
        cols = list(value.columns) if isinstance(value, pd.DataFrame) else [getattr(value, "name", None)]
        digest.update(token([str(c) for c in cols]).encode() + str(getattr(value, "dtypes", getattr(value, "dtype", ""))).encode())
        return f"{type(value).__name__}({len(value)}, {digest.hexdigest()})"
    raise TypeError(
        f"cannot key a cached result on an argument of type {type(value).__name__}: give cached functions "
        "numbers, strings, timestamps, tuples, lists, dicts, dataclasses, arrays or pandas objects"
    )


def _entry(name: str, fp: str, args: tuple, kwargs: dict) -> Path:
    arg_key = hashlib.sha256(token((args, kwargs)).encode()).hexdigest()[:24]
    return cache_folder() / name / f"{fp[:24]}-{arg_key}.pkl"


def _load(path: Path) -> tuple[bool, Any]:
    try:
        with open(path, "rb") as fh:
            return True, pickle.load(fh)
    except FileNotFoundError:
        return False, None
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError, OSError):
        return False, None  # a truncated or unreadable entry: recompute it


def _write_whole(path: Path, write: Callable[[BinaryIO], object], suffix: str = "") -> None:
    """Write ``path`` with ``write(file)`` into a temporary file beside it (:data:`TMP_PREFIX`), then
    rename it: a reader sees the whole file or none; a failed write leaves nothing behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TMP_PREFIX, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _store(path: Path, value: Any, fp: str) -> None:
    _write_whole(path, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL), suffix=".pkl")
    for old in path.parent.glob("*.pkl"):  # entries under an older key of this function
        # another process's entry being written (a temporary file until it is renamed) is left alone
        if not old.name.startswith((fp[:24], TMP_PREFIX)):
            old.unlink(missing_ok=True)


def content_cached(name: str, key: str, compute: Callable[[], bytes]) -> bytes:
    """Bytes that depend only on ``key`` (e.g. a chart's SVG on its spec and the renderer's
    version), kept under ``name`` by a hash of ``key``: computed once for all builds, whatever else
    changes. Follows ``FLASHCRASH_NO_CACHE`` like :func:`cached`."""
    if not enabled():
        return compute()
    path = cache_folder() / name / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.bin"
    try:
        return path.read_bytes()
    except OSError:
        pass
    value = compute()
    _write_whole(path, lambda fh: fh.write(value))
    return value


def lookup(name: str, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """``(True, value)`` when the cache holds the result of the function cached as ``name`` called
    with these arguments (under the current key), else ``(False, None)``; without importing it."""
    if not enabled():
        return False, None
    return _load(_entry(name, fingerprint(), args, kwargs))


def store(name: str, value: Any, *args: Any, **kwargs: Any) -> None:
    """Keep ``value`` as what :func:`lookup` ``(name, *args, **kwargs)`` finds under the current key
    (for results recorded where they arise rather than returned by a cached function)."""
    if enabled():
        fp = fingerprint()
        _store(_entry(name, fp, args, kwargs), value, fp)


def cached(name: str) -> Callable[[F], F]:
    """Decorator: keep what the function returns on disk under ``name`` (see the module docstring).

    The function must be pure given the key (same source, yaml files and arguments give the same
    result) and return a picklable object. ``name`` must be unique across the package.
    """
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"cache name must be a plain, non-empty file name, got {name!r}")

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if not enabled():
                return fn(*args, **kwargs)
            fp = fingerprint()
            path = _entry(name, fp, args, kwargs)
            hit, value = _load(path)
            if hit:
                return value
            value = fn(*args, **kwargs)
            _store(path, value, fp)
            return value

        inner.uncached = fn  # type: ignore[attr-defined]
        return inner  # type: ignore[return-value]

    return wrap

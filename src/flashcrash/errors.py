"""Errors raised on bad input. Each message names the file and says how to fix it."""


class FlashcrashDataError(Exception):
    """Base class of every data-layer error."""

    def _render_traceback_(self) -> list[str]:
        """In a notebook (IPython), show the message, which says what is wrong and how to fix it,
        without a traceback through the package; the cell still fails."""
        return [f"{type(self).__name__}: {self}"]


class UnknownSourceError(FlashcrashDataError, KeyError):
    """A source or file name that is not in ``data/registry.yaml``."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class DataUnavailableError(FlashcrashDataError):
    """The file is in neither the mirror nor the cache, and it could not be downloaded."""


class ChecksumMismatchError(FlashcrashDataError):
    """The file's SHA-256 differs from the registry's."""


class CorruptDataError(FlashcrashDataError):
    """The file cannot be read, or its content breaks a documented invariant."""


class NaiveTimestampError(FlashcrashDataError, ValueError):
    """A timestamp without a time zone where a UTC one is required."""


class GapError(FlashcrashDataError):
    """Missing bars inside a window that an analysis needs complete."""

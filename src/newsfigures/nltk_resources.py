"""Make sure every NLTK resource the project uses is present: NLTK_DATA, else a download, else one clear error."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import sys
from pathlib import Path

# NLTK id -> the path `nltk.data.find` looks for.
RESOURCES: dict[str, str] = {
    "punkt_tab": "tokenizers/punkt_tab/english/",
    "stopwords": "corpora/stopwords",
    "averaged_perceptron_tagger_eng": "taggers/averaged_perceptron_tagger_eng/",
    "vader_lexicon": "sentiment/vader_lexicon.zip",
    "wordnet": "corpora/wordnet",
}


class MissingResourceError(RuntimeError):
    """An NLTK resource is absent and could not be downloaded."""


def download_dir() -> Path:
    """Where downloads go: inside the active environment, so nothing lands in the home folder."""
    return Path(sys.prefix) / "nltk_data"


def _present(nltk_path: str) -> bool:
    import nltk

    for candidate in (nltk_path, nltk_path.rstrip("/") + ".zip", nltk_path.rstrip("/")):
        try:
            nltk.data.find(candidate)
            return True
        except LookupError:
            continue
    return False


def ensure(names: list[str] | None = None, download: bool = True) -> list[str]:
    """Check the resources (all by default); download missing ones when allowed.

    Returns the names that were downloaded. Raises `MissingResourceError` with one line
    naming the resource and telling the user to set NLTK_DATA when it cannot be had.
    """
    import nltk

    target = download_dir()
    if str(target) not in nltk.data.path:
        nltk.data.path.append(str(target))
    downloaded = []
    for name in names or list(RESOURCES):
        if _present(RESOURCES[name]):
            continue
        ok = False
        if download:
            previous = socket.getdefaulttimeout()
            socket.setdefaulttimeout(15)
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    ok = bool(nltk.download(name, download_dir=str(target), quiet=True, raise_on_error=True))
            except Exception:  # offline machines fail in many ways; all mean "not available"
                ok = False
            finally:
                socket.setdefaulttimeout(previous)
        if not ok or not _present(RESOURCES[name]):
            where = os.environ.get("NLTK_DATA", "")
            hint = f"NLTK_DATA={where} does not have it" if where else "NLTK_DATA is not set"
            raise MissingResourceError(
                f"NLTK resource '{name}' is missing and could not be downloaded ({hint}); "
                "set NLTK_DATA to a folder that holds it, e.g. export NLTK_DATA=/path/to/nltk_data"
            )
        downloaded.append(name)
    return downloaded

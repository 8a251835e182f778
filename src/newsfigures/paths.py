"""Every path the project reads or writes, derived from one output root and one corpus folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_MARKER = Path("config") / "pipeline.yml"


def project_root() -> Path:
    """The repository folder: the nearest parent of the working directory holding
    `config/pipeline.yml`, else the checkout this package was installed from.

    Notebooks run from `notebooks/` in JupyterLab and from the root under the runner;
    both find the same root.
    """
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_MARKER).is_file():
            return folder
    installed = Path(__file__).resolve().parents[2]
    if (installed / PROJECT_MARKER).is_file():
        return installed
    raise FileNotFoundError(
        f"cannot find the project folder (no {PROJECT_MARKER} above {here}); "
        "run from inside the repository"
    )


def resolve(path: str | os.PathLike[str], base: Path | None = None) -> Path:
    """An absolute path; relative ones are taken from the project root (or `base`).

    >>> resolve("/tmp/x").as_posix()
    '/tmp/x'
    """
    path = Path(path).expanduser()
    if path.is_absolute():
        return path
    return ((base or project_root()) / path).resolve()


class MissingInputError(FileNotFoundError):
    """An input an earlier step writes is not there; the message says what to run."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: a notebook run by hand into a new folder stops in one line
        return [f"MissingInputError: {self}"]


@dataclass(frozen=True)
class Paths:
    """The layout of one run: where the corpus is read and where everything is written.

    `root` holds `data/interim`, `data/processed` and `reports`, the same layout as the
    repository; `corpus` is only ever read.

    >>> p = Paths(root=Path("/out"), corpus=Path("/corpus"))
    >>> p.figures_csv.as_posix()
    '/out/data/processed/figures.csv'
    >>> p.chart("03", "deaths").as_posix()
    '/out/reports/figures/03-deaths'
    """

    root: Path
    corpus: Path
    lexicons: Path = Path("data/lexicons")
    annotations: Path = Path("data/annotations")

    @classmethod
    def from_params(
        cls,
        output_dir: str = ".",
        corpus_dir: str = "data/raw",
        lexicon_dir: str = "data/lexicons",
        annotation_dir: str = "data/annotations",
    ) -> "Paths":
        """Paths from a notebook's string parameters (relative to the project root)."""
        return cls(
            root=resolve(output_dir),
            corpus=resolve(corpus_dir),
            lexicons=resolve(lexicon_dir),
            annotations=resolve(annotation_dir),
        )

    @property
    def interim(self) -> Path:
        return self.root / "data" / "interim"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def executed(self) -> Path:
        return self.reports / "executed"

    @property
    def figures_dir(self) -> Path:
        return self.reports / "figures"

    @property
    def clean_dir(self) -> Path:
        return self.interim / "clean"

    @property
    def manifest(self) -> Path:
        return self.corpus / "manifest.csv"

    @property
    def articles_csv(self) -> Path:
        return self.processed / "articles.csv"

    @property
    def sentences_csv(self) -> Path:
        return self.processed / "sentences.csv"

    @property
    def mentions_csv(self) -> Path:
        return self.processed / "mentions.csv"

    @property
    def cleaning_log_csv(self) -> Path:
        return self.processed / "cleaning_log.csv"

    @property
    def figures_csv(self) -> Path:
        return self.processed / "figures.csv"

    def processed_csv(self, name: str) -> Path:
        """A table under `data/processed/`, by stem."""
        return self.processed / f"{name}.csv"

    def clean_text(self, doc_id: str) -> Path:
        return self.clean_dir / f"{doc_id}.txt"

    def chart(self, step: str, name: str) -> Path:
        """The stem of a chart's files (`.png`, `.svg`, `.csv` are added by `io.save_chart`)."""
        return self.figures_dir / f"{step}-{name}"

    def lexicon(self, name: str) -> Path:
        return self.lexicons / name

    def require(self, *inputs: Path) -> None:
        """Stop, in one line, when an input that an earlier step writes is missing.

        A notebook run by hand into a new folder would otherwise fail on its first `read_csv`.

        >>> Paths(root=Path("/nowhere"), corpus=Path("/corpus")).require(Path("/nowhere/data/processed/articles.csv"))
        Traceback (most recent call last):
        ...
        newsfigures.paths.MissingInputError: /nowhere/data/processed/articles.csv does not exist: the steps before this one write it; run them into this folder first: python -m newsfigures run --output /nowhere
        """
        for path in inputs:
            if not path.exists():
                raise MissingInputError(f"{path} does not exist: the steps before this one write it; "
                                        f"run them into this folder first: python -m newsfigures run --output {self.root}")

"""The committed corpus of bad files: run `python tests/corpus/make_corpus.py` to rewrite it."""

import sys
from pathlib import Path

HERE = Path(__file__).parent
FILES = HERE / "files"


def write_corpus(files: Path = FILES, manifest: Path = HERE / "expected.csv"):
    from sources.demo.bad_files import write_corpus as write

    return write(files, manifest)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1]))
    for row in write_corpus():
        print(*row, sep="\t")

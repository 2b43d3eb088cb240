"""Great Expectations' Data Docs, readable offline: the styles and scripts GX loads from CDNs are vendored from
the npm registry at install time (``make install`` runs ``python -m sources.gate.data_docs_assets``) and every
page is rewritten to load them from beside it.

On a government network without internet the pages GX renders otherwise show an empty, unstyled index. The
vendored files live in the virtual environment (``.venv/share/htx/gx-assets``), never in the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(sys.prefix) / "share" / "htx" / "gx-assets"
LOGO = "logo.svg"

# npm package → the files GX's templates load (paths inside the package's tarball, under package/).
PACKAGES = {
    "bootstrap@4.3.1": ["dist/css/bootstrap.min.css", "dist/js/bootstrap.min.js"],
    "jquery@3.7.1": ["dist/jquery.min.js"],
    "popper.js@1.12.9": ["dist/umd/popper.min.js"],
    "bootstrap-datepicker@1.9.0": ["dist/css/bootstrap-datepicker.min.css", "dist/js/bootstrap-datepicker.min.js"],
    "@fortawesome/fontawesome-free@6.6.0": ["css/all.min.css", "webfonts/"],
    "bootstrap-table@1.19.1": [
        "dist/bootstrap-table.min.css",
        "dist/bootstrap-table.min.js",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
        "dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    ],
    "vega@5": ["build/vega.min.js"],
    "vega-lite@5": ["build/vega-lite.min.js"],
    "vega-embed@6": ["build/vega-embed.min.js"],
    "@forevolve/bootstrap-dark@1.1.0": ["dist/css/bootstrap-prefers-dark.css"],
}

# What the pages ask the internet for → the vendored file (relative to VENDOR).
URLS = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap/dist/js/bootstrap.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.js/dist/umd/popper.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "fontawesome-free/css/all.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table/dist/bootstrap-table.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": (
        "bootstrap-table/dist/bootstrap-table.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": (
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": (
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js"
    ),
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": (
        "bootstrap-dark/dist/css/bootstrap-prefers-dark.css"
    ),
}
# GX's logos come from a bucket on the internet: a small local mark instead.
LOGO_PREFIX = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
_LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="32"><text x="0" y="22" font-family="sans-serif" '
    'font-size="16">htx-warehouse · Great Expectations</text></svg>\n'
)


def _folder(package: str) -> str:
    return package.rsplit("@", 1)[0].split("/")[-1]  # "@fortawesome/fontawesome-free@6.6.0" → "fontawesome-free"


def vendor(target: Path = VENDOR) -> Path:
    """Fetch the packages with `npm pack` (the npm registry only) and keep the files the pages load."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed once, at install time, to vendor the Data Docs' styles (apt install npm)")
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for package, members in PACKAGES.items():
            name = subprocess.run(
                [npm, "pack", package, "--silent", "--pack-destination", tmp],
                check=True, capture_output=True, text=True, timeout=300,
            ).stdout.strip().splitlines()[-1]  # fmt: skip
            with tarfile.open(Path(tmp) / name) as tar:
                for member in tar.getmembers():
                    inside = member.name.removeprefix("package/")
                    wanted = any(inside == m or (m.endswith("/") and inside.startswith(m)) for m in members)
                    if wanted and member.isfile():
                        out = staging / _folder(package) / inside
                        out.parent.mkdir(parents=True, exist_ok=True)
                        out.write_bytes(tar.extractfile(member).read())
    (staging / LOGO).write_text(_LOGO_SVG)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(staging, target)
    return target


def vendored(target: Path = VENDOR) -> bool:
    return all((target / path).exists() for path in URLS.values())


def localize(data_docs: Path, source: Path = VENDOR) -> list[str]:
    """Copy the vendored files beside the Data Docs and point every page at them; returns the external resource
    URLs still left in the pages (none when the assets were vendored)."""
    if not vendored(source):
        return sorted(URLS)
    static = data_docs / "static" / "vendor"
    if not (static / LOGO).exists():
        shutil.copytree(source, static, dirs_exist_ok=True)
    left = set()
    for page in data_docs.rglob("*.html"):  # GX keeps every run's pages: only new ones need rewriting
        original = page.read_text(encoding="utf-8")
        back = os.path.relpath(static, page.parent)
        text = original
        for url, local in URLS.items():
            text = text.replace(f'"{url}"', f'"{back}/{local}"')
        text = _replace_logos(text, f"{back}/{LOGO}")
        if text != original:
            page.write_text(text, encoding="utf-8")
        left |= {url for url in URLS if url in text}
    return sorted(left)


def _replace_logos(text: str, logo: str) -> str:
    while LOGO_PREFIX in text:
        start = text.index(LOGO_PREFIX)
        end = min(i for i in (text.find('"', start), text.find("'", start)) if i != -1)
        text = text[:start] + logo + text[end:]
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description="Vendor the styles and scripts of GX's Data Docs from npm.")
    parser.add_argument("--target", type=Path, default=VENDOR)
    parser.add_argument("--if-missing", action="store_true", help="do nothing when already vendored")
    args = parser.parse_args()
    if args.if_missing and vendored(args.target):
        return
    print(f"Data Docs assets vendored in {vendor(args.target)}")


if __name__ == "__main__":
    main()

"""The site's local assets: the Vega bundle, the stylesheet and the table script.

The Vega, Vega-Lite and Vega-Embed libraries come from the pinned vl-convert-python
package (`javascript_bundle`), which ships them compiled in: the site is written with no
network access and every page loads them from assets/, so it works from file://.
Their licences are on assets/licences.html.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import vl_convert

STATIC_DIR = Path(__file__).parent / "static"
BUNDLE_NAME = "vega-bundle.js"


@dataclass(frozen=True)
class BundleVersions:
    vega: str
    vega_lite: str
    vega_embed: str
    vl_convert: str


def _vega_lite_version() -> str:
    # Bundle the Vega-Lite that altair writes specs for (altair's SCHEMA_VERSION "v6.4.1").
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


def bundle_versions() -> BundleVersions:
    from importlib.metadata import version

    return BundleVersions(
        vega=vl_convert.get_vega_version(),
        vega_lite=alt.SCHEMA_VERSION.lstrip("v"),
        vega_embed=vl_convert.get_vega_embed_version(),
        vl_convert=version("vl-convert-python"),
    )


def _bundle_header() -> str:
    v = bundle_versions()
    return (
        f"/* Vega {v.vega}, Vega-Lite {v.vega_lite}, Vega-Embed {v.vega_embed} and their "
        f"dependencies, bundled by vl-convert-python {v.vl_convert}. BSD-3-Clause and others: "
        "see licences.html in this folder. */\n"
    )


@functools.cache
def _bundle_text() -> str:
    # About 0.9 MB and 2 to 8 s to build: once per process at most.
    return _bundle_header() + vl_convert.javascript_bundle(vl_version=_vega_lite_version())


def _same_bundle(previous: Path) -> bool:
    """The published bundle was made by the same versions (its first line names them)."""
    try:
        with previous.open(encoding="utf-8") as handle:
            return handle.readline() == _bundle_header()
    except (FileNotFoundError, UnicodeDecodeError):
        return False


def write_assets(assets_dir: Path, published: Path | None = None) -> list[Path]:
    """The assets into `assets_dir`; the bundle is copied from `published` (the published
    site's assets folder) when the same versions made it, which spares rebuilding it."""
    assets_dir.mkdir(parents=True, exist_ok=True)
    bundle = assets_dir / BUNDLE_NAME
    if published is not None and _same_bundle(published / BUNDLE_NAME):
        shutil.copyfile(published / BUNDLE_NAME, bundle)
    else:
        bundle.write_text(_bundle_text(), encoding="utf-8")
    written = [bundle]
    for name in ("site.css", "site.js"):
        written.append(Path(shutil.copyfile(STATIC_DIR / name, assets_dir / name)))
    return written

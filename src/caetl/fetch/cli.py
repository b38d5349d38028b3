"""The `caetl fetch` command's body: run the fetch, print one line per source, pick the
exit code. Kept here so the CLI module only wires options."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from caetl.errors import CaetlError
from caetl.fetch.runner import EXIT_USAGE, exit_code, fetch_sources
from caetl.paths import Paths


def run_fetch(
    paths: Paths, ids: list[str] | None, say: Callable[[str], None], console: Console
) -> int:
    try:
        results = fetch_sources(paths.raw, ids, log=say)
    except CaetlError as exc:
        console.print(f"[bold red]error:[/bold red] {exc}")
        return EXIT_USAGE
    if not results:
        console.print("[bold red]error:[/bold red] no API sources in the manifest")
        return EXIT_USAGE
    for r in results:
        if r.ok:
            say(
                f"[green]fetched[/green] {r.source_id}: vintage {r.vintage}, "
                f"{r.responses} response(s), {r.rows:,} rows -> {r.folder}"
            )
        else:
            kept = r.previous_vintage or "none yet"
            say(
                f"[bold red]failed[/bold red] {r.source_id}: {r.error} "
                f"(kept vintage: {kept}; attempt in {r.folder})"
            )
    return exit_code(results)

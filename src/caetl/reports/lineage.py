"""What the dbt manifest says about the reports: which fact marts each is built from (to
cite sources for reports whose rows carry no source id) and the title its exposure declares
(models/reporting/_reporting__exposures.yml). The manifest is the `manifest.json` beside
dbt's `static_index.html`, or the copy inlined in that page.
"""

from __future__ import annotations

import json
from pathlib import Path

_INLINE_MARKER = '"metadata"'


def load_manifest(dbt_docs: Path | None) -> dict | None:
    if dbt_docs is None:
        return None
    beside = dbt_docs.parent / "manifest.json"
    if beside.is_file():
        return json.loads(beside.read_text(encoding="utf-8"))
    if not dbt_docs.is_file():
        return None
    return _inlined_manifest(dbt_docs.read_text(encoding="utf-8"))


def _inlined_manifest(page: str) -> dict | None:
    # dbt replaces a placeholder string with the manifest JSON object; find an object that
    # has "nodes" and "parent_map", scanning from each candidate opening brace.
    decoder = json.JSONDecoder()
    start = page.find(_INLINE_MARKER)
    while start != -1:
        brace = page.rfind("{", 0, start)
        try:
            obj, _ = decoder.raw_decode(page, brace)
        except ValueError:
            obj = None
        if isinstance(obj, dict) and "nodes" in obj and "parent_map" in obj:
            return obj
        start = page.find(_INLINE_MARKER, start + 1)
    return None


def upstream_facts(manifest: dict | None) -> dict[str, list[str]]:
    """Report model name -> names of the fct_ models it depends on, directly or not."""
    if not manifest:
        return {}
    nodes = manifest.get("nodes", {})
    result: dict[str, list[str]] = {}
    for node in nodes.values():
        name = node.get("name", "")
        if node.get("resource_type") != "model" or not name.startswith("rpt_"):
            continue
        seen: set[str] = set()
        stack = list(node.get("depends_on", {}).get("nodes", []))
        facts: set[str] = set()
        while stack:
            uid = stack.pop()
            if uid in seen or uid not in nodes:
                continue
            seen.add(uid)
            parent = nodes[uid]
            if parent.get("name", "").startswith("fct_"):
                facts.add(parent["name"])
            stack.extend(parent.get("depends_on", {}).get("nodes", []))
        result[name] = sorted(facts)
    return result


def exposure_titles(manifest: dict | None) -> dict[str, str]:
    """Report model name -> the label of the exposure that publishes it (one rpt_ model per
    exposure); reports without a labelled exposure are left out."""
    if not manifest:
        return {}
    prefix = "model."
    titles: dict[str, str] = {}
    for exposure in manifest.get("exposures", {}).values():
        label = (exposure.get("label") or "").strip()
        parents = exposure.get("depends_on", {}).get("nodes", [])
        if not label or len(parents) != 1 or not parents[0].startswith(prefix):
            continue
        name = parents[0].rsplit(".", 1)[-1]
        if name.startswith("rpt_"):
            titles[name] = label
    return titles

"""What a refresh decides to redo for each kind of change (caetl.refresh.make_plan)."""

from __future__ import annotations

from dataclasses import replace

from caetl.refresh import make_plan
from caetl.state import Fingerprint

BEFORE = Fingerprint(
    sources={"a": "1", "b": "2"},
    files={"a": [["a.csv", "1"]], "b": [["b.csv", "2"]]},
    manifest="m",
    dbt_project="d",
    load_code="l",
    reports_code="r",
)


def plan(after: Fingerprint, *, reports_current: bool = True, full: bool = False):
    p = make_plan(after, BEFORE, reports_current, full)
    return p.mode, p.reload, p.keep, p.dbt_select


def test_nothing_changed_is_a_no_op():
    assert plan(replace(BEFORE)) == ("none", [], [], None)


def test_one_changed_source_reloads_it_and_builds_downstream_of_it():
    after = replace(BEFORE, sources={"a": "1", "b": "3"})
    assert plan(after) == ("incremental", ["b"], [], ["source:*.b+"])


def test_manifest_entries_changing_rebuild_what_reads_the_manifest():
    after = replace(BEFORE, manifest="m2")
    assert plan(after) == ("incremental", [], [], ["source:*.manifest_sources+"])


def test_dbt_project_change_rebuilds_every_model_but_keeps_unchanged_sources():
    after = replace(BEFORE, dbt_project="d2", sources={"a": "9", "b": "2"})
    assert plan(after) == ("full", ["a"], ["b"], None)


def test_loader_code_change_reloads_everything():
    assert plan(replace(BEFORE, load_code="l2")) == ("full", ["a", "b"], [], None)


def test_removed_source_rebuilds_everything_from_the_rest():
    after = replace(BEFORE, sources={"a": "1"})
    assert plan(after) == ("full", [], ["a"], None)


def test_report_code_change_or_stale_reports_only_rewrite_reports():
    assert plan(replace(BEFORE, reports_code="r2")) == ("incremental", [], [], [])
    assert plan(replace(BEFORE), reports_current=False) == ("incremental", [], [], [])


def test_full_flag_and_missing_warehouse_reload_everything():
    assert plan(replace(BEFORE), full=True)[:2] == ("full", ["a", "b"])
    assert make_plan(BEFORE, None, True, False).reload == ["a", "b"]


def test_the_docs_page_is_regenerated_only_when_what_it_describes_changed():
    def docs_current(after: Fingerprint, full: bool = False) -> bool:
        return make_plan(after, BEFORE, True, full).docs_current

    assert docs_current(replace(BEFORE, sources={"a": "1", "b": "3"}))
    assert docs_current(replace(BEFORE, reports_code="r2"))
    assert docs_current(replace(BEFORE), full=True)
    assert not docs_current(replace(BEFORE, dbt_project="d2"))
    assert not docs_current(replace(BEFORE, load_code="l2"))
    assert not docs_current(replace(BEFORE, sources={"a": "1"}))
    assert not make_plan(BEFORE, None, True, False).docs_current


def test_unit_tests_run_only_when_the_models_or_dbt_changed():
    def unit_tests(after: Fingerprint, full: bool = False) -> bool:
        return make_plan(after, BEFORE, True, full).unit_tests

    assert unit_tests(replace(BEFORE, dbt_project="d2"))
    assert make_plan(BEFORE, None, True, False).unit_tests
    assert not unit_tests(replace(BEFORE, sources={"a": "1", "b": "3"}))
    assert not unit_tests(replace(BEFORE, load_code="l2"))
    assert unit_tests(replace(BEFORE), full=True)


def test_each_plan_says_why():
    """The reason is the refresh's first progress line and is kept in the run log."""

    def why(after: Fingerprint | None, **options) -> str:
        return make_plan(after or BEFORE, BEFORE, options.get("current", True), False).reason

    assert make_plan(BEFORE, BEFORE, True, True).reason == "--full asked"
    assert make_plan(BEFORE, None, True, False).reason == (
        "no published warehouse with a fingerprint"
    )
    assert why(replace(BEFORE, load_code="l2")) == (
        "parser, gate or loader code (or their packages) changed"
    )
    assert why(replace(BEFORE, dbt_project="d2")) == "dbt project changed"
    assert why(replace(BEFORE, sources={})) == "removed: a, b"
    assert why(replace(BEFORE, sources={"a": "9", "b": "8"})) == "changed: a, b"
    assert why(replace(BEFORE, manifest="m2")) == "changed: manifest entries"
    assert why(replace(BEFORE, reports_code="r2")) == "report code changed"
    assert why(None, current=False) == "reports are not those of the warehouse"
    assert why(None) == "nothing changed"

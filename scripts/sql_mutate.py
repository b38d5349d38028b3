"""Mutation testing of the dbt project's formulas, verdicts and reporting models.

Each mutant is one small change to one SQL file (an operator swapped, a boundary shifted,
a filter dropped, a numerator and denominator swapped), applied to a temporary copy of
dbt_project/. A mutant is killed when the checks fail on it:

  unit   `dbt test --select test_type:unit` (the formula and verdict unit tests) against a
         copy of a published warehouse (unit tests read column types from the real tables);
  deep   for mutants the unit tests miss, and only with --deep: `dbt build` of the mutated
         model and everything downstream into a copy of the published warehouse, then the
         pytest files that check the warehouse against raw/ (in tests/warehouse/:
         test_ratios_from_raw.py, test_claim_values_from_raw.py, test_claim_checks.py) with
         CAETL_TEST_PUBLISHED pointing at that copy.

Usage (from the repository root; a published project is needed, e.g. after `make run`):
    python scripts/sql_mutate.py [--published DIR] [--deep] [--only NAME ...] [--list]
Writes a table of killed/survived mutants to stdout and, with --json FILE, as JSON.
Runs dbt in-process one mutant at a time; wrap in `nice` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

FORMULAS = "macros/argument_formulas.sql"
BNS_ANNUAL = "models/staging/kaz_trade/stg_kaz_trade__annual_totals.sql"
TRADE_YEARS = "models/argument/arg_claim_trade_years.sql"
SHARES = "models/argument/arg_dependency_shares_by_basis.sql"
RATIOS = "models/reporting/rpt_dependency_ratios.sql"
PARTNER_SHARES = "models/reporting/rpt_partner_shares.sql"
EVIDENCE = "models/argument/arg_claim_evidence.sql"
CHECKS = "models/reporting/rpt_claim_checks.sql"


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    find: str
    replace: str
    kind: str
    """operator | boundary | filter | swap | constant"""
    deep_select: str = ""
    """dbt selector rebuilt for the deep check (downstream of the mutated model)."""


def _verdict(name: str, find: str, replace: str, kind: str) -> Mutant:
    return Mutant(name, FORMULAS, find, replace, kind, "arg_claim_parts_mapped+")


MUTANTS = [
    # The verdict macro: every comparator's operator and bound.
    _verdict(
        "approx <= becomes <",
        "<= ({{ tolerance }}) * abs({{ low }})",
        "< ({{ tolerance }}) * abs({{ low }})",
        "boundary",
    ),
    _verdict(
        "approx tolerance doubled",
        "<= ({{ tolerance }}) * abs",
        "<= 2 * ({{ tolerance }}) * abs",
        "constant",
    ),
    _verdict(
        "gt > becomes >=",
        "then case when ({{ value }}) > ({{ low }}) then",
        "then case when ({{ value }}) >= ({{ low }}) then",
        "boundary",
    ),
    _verdict(
        "lower-bound gt >= becomes >",
        "and ({{ value }}) >= ({{ low }})\n        then 'supported'",
        "and ({{ value }}) > ({{ low }})\n        then 'supported'",
        "boundary",
    ),
    _verdict(
        "le <= becomes <",
        "then case when ({{ value }}) <= ({{ low }}) then",
        "then case when ({{ value }}) < ({{ low }}) then",
        "boundary",
    ),
    _verdict(
        "eq = becomes >=",
        "then case when ({{ value }}) = ({{ low }}) then",
        "then case when ({{ value }}) >= ({{ low }}) then",
        "operator",
    ),
    _verdict(
        "between lower >= becomes >",
        "when ({{ value }}) >= ({{ low }}) and ({{ value }}) <= ({{ high }}) then 'supported'\n"
        "            else 'not_supported'\n        end\n    when {{ comparator }} = 'exists'",
        "when ({{ value }}) > ({{ low }}) and ({{ value }}) <= ({{ high }}) then 'supported'\n"
        "            else 'not_supported'\n        end\n    when {{ comparator }} = 'exists'",
        "boundary",
    ),
    _verdict(
        "between upper <= becomes <",
        "when ({{ value }}) >= ({{ low }}) and ({{ value }}) <= ({{ high }}) then 'supported'\n"
        "            else 'not_supported'\n        end\n    when {{ comparator }} = 'exists'",
        "when ({{ value }}) >= ({{ low }}) and ({{ value }}) < ({{ high }}) then 'supported'\n"
        "            else 'not_supported'\n        end\n    when {{ comparator }} = 'exists'",
        "boundary",
    ),
    _verdict(
        "exists >= 1 becomes > 1",
        "when ({{ value }}) >= 1 then",
        "when ({{ value }}) > 1 then",
        "boundary",
    ),
    _verdict(
        "first_year_rank1 upper <= becomes <",
        "and ({{ value }}) <= ({{ high }}) then 'supported'\n            else 'not_supported'\n"
        "        end\nend",
        "and ({{ value }}) < ({{ high }}) then 'supported'\n            else 'not_supported'\n"
        "        end\nend",
        "boundary",
    ),
    _verdict(
        "combine: mixed becomes supported",
        "    else 'partly_supported'\nend",
        "    else 'supported'\nend",
        "constant",
    ),
    # The formulas.
    Mutant(
        "effective partners 1/HHI becomes 1/sqrt(HHI)",
        FORMULAS,
        "    1.0\n    / nullif({{ hhi }}, 0)",
        "    1.0\n    / nullif(sqrt({{ hhi }}), 0)",
        "operator",
        "arg_dependency_shares_by_basis+",
    ),
    Mutant(
        "HHI squares becomes abs",
        FORMULAS,
        "({{ share_fraction }}) * ({{ share_fraction }})",
        "abs({{ share_fraction }})",
        "operator",
        "arg_dependency_shares_by_basis+",
    ),
    Mutant(
        "TII world ratio inverted",
        FORMULAS,
        "/ nullif(({{ x_wj }}) / nullif({{ x_w }}, 0), 0)",
        "* nullif(({{ x_wj }}) / nullif({{ x_w }}, 0), 0)",
        "operator",
        "arg_dependency_shares_by_basis+",
    ),
    Mutant(
        "share in percent becomes fraction",
        FORMULAS,
        "    100.0 * ({{ part }})",
        "    1.0 * ({{ part }})",
        "constant",
        "arg_dependency_shares_by_basis+",
    ),
    Mutant(
        "symmetric discrepancy denominator a - b",
        FORMULAS,
        "/ nullif(({{ a }}) + ({{ b }}), 0)",
        "/ nullif(({{ a }}) - ({{ b }}), 0)",
        "operator",
        "rpt_mirror_gaps",
    ),
    # The models.
    Mutant(
        "BNS 12-month filter dropped",
        BNS_ANNUAL,
        "from annual\nwhere annual.months = 12",
        "from annual",
        "filter",
        "stg_kaz_trade__annual_totals+",
    ),
    Mutant(
        "BNS 12 months becomes 11",
        BNS_ANNUAL,
        "where annual.months = 12",
        "where annual.months >= 11",
        "boundary",
        "stg_kaz_trade__annual_totals+",
    ),
    Mutant(
        "trade_ratio numerator and denominator swapped",
        TRADE_YEARS,
        "{{ argument_multiple('numerators.trade_usd', 'denominators.trade_usd') }}",
        "{{ argument_multiple('denominators.trade_usd', 'numerators.trade_usd') }}",
        "swap",
        "arg_claim_trade_years+",
    ),
    Mutant(
        "dependency ratios: CA5 filter dropped",
        RATIOS,
        "    countries.is_ca5\n    and dep.partner_iso3",
        "    true\n    and dep.partner_iso3",
        "filter",
        "rpt_dependency_ratios",
    ),
    Mutant(
        "HHI over aggregates too",
        SHARES,
        "            not picked.partner_is_aggregate\n            and",
        "            true\n            and",
        "filter",
        "arg_dependency_shares_by_basis+",
    ),
    Mutant(
        "rank by trade ascending",
        SHARES,
        "order by trade_usd desc",
        "order by trade_usd asc",
        "operator",
        "arg_dependency_shares_by_basis+",
    ),
]


def _copy_project(target: Path) -> Path:
    shutil.copytree(
        REPO / "dbt_project",
        target,
        ignore=shutil.ignore_patterns("target", "logs", ".user.yml"),
    )
    return target


def _apply(project: Path, mutant: Mutant) -> None:
    path = project / mutant.file
    text = path.read_text(encoding="utf-8")
    if text.count(mutant.find) != 1:
        raise SystemExit(f"{mutant.name}: {mutant.find!r} found {text.count(mutant.find)}x")
    path.write_text(text.replace(mutant.find, mutant.replace), encoding="utf-8")


def _unit_tests_fail(project: Path, warehouse: Path, work: Path) -> tuple[bool, str]:
    from caetl.build import run_dbt

    result = run_dbt(["test", "--select", "test_type:unit"], project, warehouse, work)
    return bool(result.failures), "; ".join(f.split(":")[0] for f in result.failures)


def _deep_check_fails(
    project: Path, published: Path, mutant: Mutant, work: Path
) -> tuple[bool, str]:
    """Rebuild downstream of the mutant into a copy of the published project, then run the
    warehouse-against-raw tests on it."""
    from caetl.build import BuildError, run_dbt

    home = work / "home"
    for name in ("raw", "reports"):
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        if not (home / name).exists():
            (home / name).symlink_to(published / name)
    (home / "warehouse").mkdir(exist_ok=True)
    warehouse = home / "warehouse" / "caetl.duckdb"
    shutil.copyfile(published / "warehouse" / "caetl.duckdb", warehouse)
    try:
        result = run_dbt(["build", "--select", mutant.deep_select], project, warehouse, work)
    except BuildError as exc:
        return True, f"dbt build: {exc}"[:200]
    if result.failures:
        return True, "dbt build: " + "; ".join(f.split(":")[0] for f in result.failures)
    env = dict(os.environ, CAETL_TEST_PUBLISHED=str(home), PYTHONPATH=str(REPO / "src"))
    tests = [
        "tests/warehouse/test_ratios_from_raw.py",
        "tests/warehouse/test_claim_values_from_raw.py",
        "tests/warehouse/test_claim_checks.py",
    ]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    failed = [line.split(" ")[1] for line in run.stdout.splitlines() if line.startswith("FAILED")]
    return run.returncode != 0, "pytest: " + "; ".join(failed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--published", type=Path, default=REPO, help="a published project")
    parser.add_argument("--deep", action="store_true", help="rebuild and run pytest on survivors")
    parser.add_argument("--only", nargs="*", help="mutant names (substrings) to run")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument(
        "--skip-unit", action="store_true", help="with --deep: go straight to the deep check"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    chosen = [
        m for m in MUTANTS if not args.only or any(o.lower() in m.name.lower() for o in args.only)
    ]
    if args.list:
        for m in chosen:
            print(f"{m.kind:9} {m.file:55} {m.name}")
        return 0
    published = args.published.resolve()
    source_db = published / "warehouse" / "caetl.duckdb"
    if not source_db.exists():
        raise SystemExit(f"{source_db} does not exist: refresh first (make run)")

    results = []
    # One copy of the project and of the warehouse for all mutants: each mutant is applied
    # and then reverted, so dbt's partial parsing re-reads only the changed file, and unit
    # tests only read the warehouse's column types.
    with tempfile.TemporaryDirectory(prefix="caetl-sqlmut-") as tmp:
        work = Path(tmp)
        project = _copy_project(work / "dbt_project")
        warehouse = work / "unit" / "caetl.duckdb"
        warehouse.parent.mkdir()
        shutil.copyfile(source_db, warehouse)
        for mutant in chosen:
            started = time.monotonic()
            original = (project / mutant.file).read_text(encoding="utf-8")
            _apply(project, mutant)
            try:
                killed, by, level = False, "", "unit"
                if not (args.skip_unit and args.deep):
                    killed, by = _unit_tests_fail(project, warehouse, work / "unit")
                if not killed and args.deep and mutant.deep_select:
                    deep = work / "deep"
                    shutil.rmtree(deep, ignore_errors=True)
                    killed, by = _deep_check_fails(project, published, mutant, deep)
                    level = "deep"
            finally:
                (project / mutant.file).write_text(original, encoding="utf-8")
            outcome = {
                "mutant": mutant.name,
                "file": mutant.file,
                "kind": mutant.kind,
                "killed": killed,
                "level": level,
                "by": re.sub(r"\s+", " ", by)[:300],
                "seconds": round(time.monotonic() - started, 1),
            }
            results.append(outcome)
            word = "KILLED " if killed else "SURVIVED"
            print(f"{word} [{level}] {mutant.name} ({outcome['seconds']}s) {outcome['by']}")
            sys.stdout.flush()

    killed = sum(r["killed"] for r in results)
    share = 100 * killed / max(len(results), 1)
    print(f"\n{killed} of {len(results)} mutants killed ({share:.0f}%)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

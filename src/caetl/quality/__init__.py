"""Quality gates between parsing and landing (see gates.py) and their suites (suites.py).

In-warehouse checks stay dbt tests; these guard what enters raw.* in the first place.
"""

"""caetl: a DuckDB + dbt warehouse for Central Asia's ties with China, Russia and the US."""

__version__ = "0.1.0"


def connect(home=None):
    """A read-only DuckDB connection to the published warehouse (see docs/analysts.md).

    >>> import caetl
    >>> con = caetl.connect()
    >>> con.sql("select * from marts.dim_sources").pl()  # or .df() for pandas
    """
    from caetl.analyst import connect as _connect

    return _connect(home)

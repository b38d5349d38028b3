"""caetl: a DuckDB + dbt warehouse for Central Asia's ties with China, Russia and the US."""

__version__ = "0.1.0"

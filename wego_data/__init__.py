"""WeGO data layer: the contract, validated ingest, dated parquet snapshots and named DuckDB queries.

This package never imports streamlit; the dashboard (wego_ui, pages) sits on top of it.
"""

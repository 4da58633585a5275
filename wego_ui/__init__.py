"""Streamlit-facing shared parts: state in the URL, i18n, formatting, palette, figure and map builders."""

"""What a section says, built once: view context, URL parameters, section registry, typed blocks, and the pure
builders (formatting, catalog, figures, maps) they use. Imports neither Streamlit nor the PDF library."""

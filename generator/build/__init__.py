"""The build: the builder adapter (MkDocs/ProperDocs), the search index, settings and publishing."""

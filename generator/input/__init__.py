"""Load and validate: the data folder read (tables, YAML, annexes, texts) and judged, row by row."""

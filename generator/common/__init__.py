"""Helpers that know nothing of metas: Spanish text and dates, step timing, work in a child process."""

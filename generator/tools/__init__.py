"""Beside the flow: illustrative data (portal synth) and the annex written as INE lays it out."""

"""Deterministic generators of the course's synthetic data sets: one module per population."""

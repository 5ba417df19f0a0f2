"""Descriptive measures: foreign-policy similarity and alliance networks."""

"""The leaf of the package graph: schema, settings and limits, errors.

Imports nothing of ours; ``loaders``, ``analysis`` and ``ui`` import it.
"""

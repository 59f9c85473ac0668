"""Benchmarks of hub against the bare engines, and the generated corpus they build."""

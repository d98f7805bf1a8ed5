"""consolidate: a version-controlled diff and consolidation engine for parliamentary drafters."""

__version__ = "0.1.0"

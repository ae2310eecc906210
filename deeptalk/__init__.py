"""DeepTalk: a local-first, deterministic simulator of customer-discovery interviews."""

__version__ = "0.1.0"

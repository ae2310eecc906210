"""Panels: a research brief, one interview per persona and seed, and a synthesis of them all."""

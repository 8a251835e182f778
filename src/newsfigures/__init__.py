"""newsfigures: helpers for the Nagorno-Karabakh news notebooks (clean, extract, chart, report)."""

__version__ = "0.1.0"

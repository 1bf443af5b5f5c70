"""judge-tui: judge LLM answers from a terminal."""

__version__ = "0.1.0"

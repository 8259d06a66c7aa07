"""The actor knowledge base: states, organisations, people and media, resolved on a date."""
from .base import Entry, KnowledgeBase
from .loader import check_files, load_kb, read_file
from .resolver import Resolution

__all__ = ["Entry", "KnowledgeBase", "Resolution", "check_files", "load_kb", "read_file"]

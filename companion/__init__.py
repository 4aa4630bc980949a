"""companion: an offline desktop companion that notices sustained distress and offers care."""

__version__ = "0.1.0"

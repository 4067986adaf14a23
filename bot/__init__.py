"""海原县义务教育政策助手: the channel-agnostic core."""

__version__ = "0.1.0"

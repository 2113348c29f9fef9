"""What a terminal shows: base.py has the tools, and each feature group has its own module."""

"""relquiz: practise telling a therapy relationship from a friendship."""

__version__ = "0.1.0"

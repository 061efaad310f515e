"""eventfold: an open, versioned dataset of political events coded from news.

The library is pure Python with no Prefect import; flows/ wires it into Prefect flows.
"""

__version__ = "0.1.0"
